import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { RuleSetError } from '../errors.js';
import { parseJsonSource } from '../ruleset/json-source.js';
import { closest } from '../ruleset/suggest.js';
import { WATCHLIST_COLUMNS } from './entry.js';

/** One row of a watchlist file before validation: column → text, with where it was read. */
export interface RawRow {
  file: string;
  line: number;
  fields: Record<string, string>;
}

const HEADER_HINT = `the header is ${WATCHLIST_COLUMNS.join(',')}`;

/** Rows of a watchlist file (CSV with a header row, or a JSON array of objects with the same fields). */
export function readWatchlistFile(file: string, text = readFileSync(file, 'utf8')): RawRow[] {
  return file.toLowerCase().endsWith('.json') ? readJson(file, text) : readCsv(file, text);
}

function readCsv(file: string, text: string): RawRow[] {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text, {
      columns: (header: string[]) => checkHeader(file, header),
      bom: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    });
  } catch (e) {
    if (e instanceof RuleSetError) throw e;
    const line = (e as { lines?: number }).lines;
    throw new RuleSetError('BAD_WATCHLIST', `unreadable CSV (${(e as Error).message})`, { file, line }, HEADER_HINT);
  }
  return rows.map(({ record, info }) => ({ file, line: info.lines, fields: record }));
}

function checkHeader(file: string, header: string[]): string[] {
  const known: readonly string[] = WATCHLIST_COLUMNS;
  for (const column of header) {
    if (!known.includes(column)) {
      const guess = closest(column, known);
      throw new RuleSetError(
        'BAD_WATCHLIST',
        `unknown column "${column}"`,
        { file, line: 1, field: column },
        `${guess ? `did you mean "${guess}"? ` : ''}${HEADER_HINT}`,
      );
    }
  }
  for (const column of ['type', 'id', 'source']) {
    if (!header.includes(column))
      throw new RuleSetError('BAD_WATCHLIST', `no "${column}" column`, { file, line: 1 }, HEADER_HINT);
  }
  return header;
}

function readJson(file: string, text: string): RawRow[] {
  const src = parseJsonSource(file, text);
  if (!Array.isArray(src.value)) {
    throw new RuleSetError(
      'BAD_WATCHLIST',
      'a JSON watchlist is an array of entries',
      { file, line: 1 },
      `each entry has ${WATCHLIST_COLUMNS.join(', ')}`,
    );
  }
  return src.value.map((item, i) => {
    const line = src.locate([i])?.line ?? 1;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new RuleSetError(
        'BAD_WATCHLIST',
        'an entry must be an object',
        { file, line },
        `each entry has ${WATCHLIST_COLUMNS.join(', ')}`,
      );
    }
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(item as Record<string, unknown>)) {
      const known: readonly string[] = WATCHLIST_COLUMNS;
      if (!known.includes(k)) {
        const guess = closest(k, known);
        throw new RuleSetError(
          'BAD_WATCHLIST',
          `unknown field "${k}"`,
          { file, line: src.locate([i, k])?.line ?? line, field: k },
          `${guess ? `did you mean "${guess}"? ` : ''}each entry has ${WATCHLIST_COLUMNS.join(', ')}`,
        );
      }
      if (v !== null && v !== undefined) fields[k] = String(v).trim();
    }
    return { file, line, fields };
  });
}
