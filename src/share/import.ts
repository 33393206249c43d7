import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TargetingError } from '../errors.js';
import { WATCHLIST_COLUMNS, type WatchlistEntry } from '../watchlist/entry.js';
import { readWatchlistFile } from '../watchlist/read.js';
import { toEntry } from '../watchlist/validate.js';
import { csvLine } from './csv.js';
import { isToken } from './pseudonymise.js';

export interface ImportOptions {
  /** Watchlist directory of the rule set (`rules/watchlists`). */
  into: string;
  /** File name without `.csv`; default `partner-<source>`. */
  name?: string;
  /** Administration the export comes from, for rows that leave `source` empty. */
  source?: string;
  /** Entry types whose ids must arrive as tokens. */
  identifiers: readonly string[];
  now?: Date;
}

export interface ImportResult {
  file: string;
  imported: number;
  expired: number;
  refused: { line: number; reason: string }[];
}

/**
 * Writes a partner's export as a watchlist of our rule set. Trader ids stay the
 * partner's tokens (they match our consignments hashed under the same key);
 * a row the watchlist loader would refuse, or that names a trader in clear, is
 * refused rather than stored, and expired rows are left out. The file is
 * replaced in one rename, so a watching worker never reads half of it.
 */
export function importPartnerExport(exportFile: string, opts: ImportOptions): ImportResult {
  const today = (opts.now ?? new Date()).toISOString().slice(0, 10);
  const result: ImportResult = { file: '', imported: 0, expired: 0, refused: [] };
  const kept: WatchlistEntry[] = [];
  for (const row of readWatchlistFile(exportFile)) {
    let entry: WatchlistEntry;
    try {
      entry = toEntry({ ...row, fields: { ...row.fields, source: row.fields.source || opts.source || '' } }).entry;
    } catch (e) {
      if (!(e instanceof TargetingError)) throw e;
      result.refused.push({ line: row.line, reason: e.message });
      continue;
    }
    if (opts.identifiers.includes(entry.type) && !isToken(entry.id)) {
      result.refused.push({
        line: row.line,
        reason: `${entry.type} id is not a token: the partner must pseudonymise it`,
      });
    } else if (entry.validUntil && entry.validUntil < today) {
      result.expired++;
    } else {
      kept.push(entry);
    }
  }
  const source = opts.source ?? kept[0]?.source ?? 'unknown';
  const name = opts.name ?? `partner-${source.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`;
  mkdirSync(opts.into, { recursive: true });
  result.file = join(opts.into, `${name}.csv`);
  const text = csvLine(WATCHLIST_COLUMNS) + kept.map((e) => csvLine(WATCHLIST_COLUMNS.map((c) => e[c]))).join('');
  const tmp = `${result.file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, result.file);
  result.imported = kept.length;
  return result;
}
