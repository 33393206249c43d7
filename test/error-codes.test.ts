import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../src/error-codes.js';
import { codesTable, documentedTable, ERRORS_DOC } from './error-codes-table.js';

const SRC = new URL('../src', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('error codes', () => {
  // A code used in src/ but missing from the registry does not compile (TargetingError takes an ErrorCode).
  it('docs/errors.md lists exactly the registry', () => {
    expect(documentedTable(readFileSync(ERRORS_DOC, 'utf8')), 'run npm run docs:errors').toBe(codesTable());
  });

  it('every registered code is used somewhere in src/', () => {
    const text = sources(SRC)
      .filter((f) => !f.endsWith('error-codes.ts'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const unused = Object.keys(ERROR_CODES).filter((code) => !text.includes(`'${code}'`));
    expect(unused, 'documented but never raised: remove them from src/error-codes.ts').toEqual([]);
  });

  it('every entry says what it means and what to do', () => {
    const malformed = Object.entries(ERROR_CODES).filter(([, text]) => text.split(' — ').length !== 2);
    expect(malformed).toEqual([]);
  });
});
