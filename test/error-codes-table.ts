/**
 * docs/errors.md's code table, rendered from the registry. `npm run docs:errors` rewrites the table in place;
 * test/error-codes.test.ts fails while the file and the registry differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES } from '../src/error-codes.js';

export const ERRORS_DOC = fileURLToPath(new URL('../docs/errors.md', import.meta.url));
const START = '<!-- codes: generated from src/error-codes.ts by npm run docs:errors -->';
const END = '<!-- codes: end -->';

export function codesTable(): string {
  const rows = Object.entries(ERROR_CODES).map(([code, text]) => {
    const [meaning, action] = text.split(' — ');
    return `| \`${code}\` | ${meaning} | ${action} |`;
  });
  return ['| code | means | what to do |', '|---|---|---|', ...rows].join('\n');
}

/** The table as it stands in the doc, or undefined when the markers are missing. */
export function documentedTable(doc: string): string | undefined {
  const from = doc.indexOf(START);
  const to = doc.indexOf(END);
  return from < 0 || to < from ? undefined : doc.slice(from + START.length, to).trim();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const doc = readFileSync(ERRORS_DOC, 'utf8');
  const from = doc.indexOf(START);
  const to = doc.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${ERRORS_DOC} lacks the markers ${START} … ${END}`);
  writeFileSync(ERRORS_DOC, `${doc.slice(0, from + START.length)}\n\n${codesTable()}\n\n${doc.slice(to)}`);
}
