import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RuleSetError } from './errors.js';

/**
 * The analyst files of a path: the file itself, or the files directly in a
 * directory whose names match (sorted, sub-folders left alone).
 */
export function sourceFiles(path: string, match: RegExp, notFound: { problem: string; hint: string }): string[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new RuleSetError('NOT_FOUND', notFound.problem, { file: path }, notFound.hint);
  }
  if (!st.isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => match.test(f))
    .sort()
    .map((f) => join(path, f));
}
