import { readFileSync } from 'node:fs';
import type { ErrorCode } from './error-codes.js';
import type { TargetingError } from './errors.js';

/**
 * A file's text; one that cannot be read is a typed error naming it:
 * "cannot read `what` (ENOENT)" as an error of class `Err` with `code`.
 */
export function readText(
  file: string,
  Err: typeof TargetingError,
  code: ErrorCode,
  what: string,
  hint?: string,
): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new Err(
      code,
      `cannot read ${what} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      { file },
      hint,
    );
  }
}

/** The value of JSON text; text that is not JSON is the caller's typed error, given the parser's message. */
export function parseJson(text: string, fail: (why: string) => Error): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw fail((e as Error).message);
  }
}
