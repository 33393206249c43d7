import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { RuleSetError } from '../errors.js';

/**
 * Watchlist files in `rules/watchlists/*.csv`: one entity per row. `type` names
 * the consignment field the `id` is compared with (importer, exporter, hsCode…);
 * `source` is the administration that listed it; `validUntil` an ISO date after
 * which the entry no longer applies; `confidentiality` its handling level.
 */
export const WATCHLIST_COLUMNS = ['type', 'id', 'source', 'reason', 'validUntil', 'confidentiality'] as const;

export type WatchlistColumn = (typeof WATCHLIST_COLUMNS)[number];
export type WatchlistEntry = Partial<Record<WatchlistColumn, string>> & { type: string; id: string };

/** Rows of a watchlist CSV with their line numbers; a missing column or a row without type/id is an error naming its line. */
export function readWatchlistCsv(file: string, text = readFileSync(file, 'utf8')): { line: number; entry: WatchlistEntry }[] {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text, { columns: true, bom: true, skip_empty_lines: true, trim: true, info: true });
  } catch (e) {
    throw new RuleSetError('BAD_WATCHLIST', `unreadable CSV (${(e as Error).message})`, { file }, `expected the header ${WATCHLIST_COLUMNS.join(',')}`);
  }
  const header = rows.length ? Object.keys(rows[0].record) : headerOf(text);
  for (const column of ['type', 'id'] as const) {
    if (!header.includes(column)) {
      throw new RuleSetError('BAD_WATCHLIST', `no "${column}" column`, { file, line: 1 }, `expected the header ${WATCHLIST_COLUMNS.join(',')}`);
    }
  }
  return rows.map(({ record, info }) => {
    if (!record.type || !record.id) {
      throw new RuleSetError('BAD_WATCHLIST', 'a row needs a type and an id', { file, line: info.lines });
    }
    const entry = { type: record.type, id: record.id } as WatchlistEntry;
    for (const column of WATCHLIST_COLUMNS) if (record[column]) entry[column] = record[column];
    return { line: info.lines, entry };
  });
}

function headerOf(text: string): string[] {
  return (text.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '').split(',').map((s) => s.trim());
}
