import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvLine } from './csv.js';
import { isToken } from './pseudonymise.js';
import { readWatchlistCsv, WATCHLIST_COLUMNS, type WatchlistEntry } from './watchlist-file.js';

export interface ImportOptions {
  /** Watchlist directory of the rule set (`rules/watchlists`). */
  into: string;
  /** File name without `.csv`; default `partner-<source>`. */
  name?: string;
  /** Administration the export comes from, when its rows do not say. */
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
 * a row that names a trader in clear is refused rather than stored, and expired
 * rows are left out. The file is replaced in one rename, so a watching worker
 * never reads half of it.
 */
export function importPartnerExport(exportFile: string, opts: ImportOptions): ImportResult {
  const today = (opts.now ?? new Date()).toISOString().slice(0, 10);
  const result: ImportResult = { file: '', imported: 0, expired: 0, refused: [] };
  const kept: WatchlistEntry[] = [];
  for (const { line, entry } of readWatchlistCsv(exportFile)) {
    const source = entry.source ?? opts.source;
    if (!source) {
      result.refused.push({ line, reason: 'no source administration (give --source)' });
    } else if (opts.identifiers.includes(entry.type) && !isToken(entry.id)) {
      result.refused.push({ line, reason: `${entry.type} id is not a token: the partner must pseudonymise it` });
    } else if (entry.validUntil && entry.validUntil.slice(0, 10) < today) {
      result.expired++;
    } else {
      kept.push({ ...entry, source });
    }
  }
  const sources = [...new Set(kept.map((e) => e.source))];
  const name = opts.name ?? `partner-${(opts.source ?? sources[0] ?? 'unknown').toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`;
  mkdirSync(opts.into, { recursive: true });
  result.file = join(opts.into, `${name}.csv`);
  const text = csvLine(WATCHLIST_COLUMNS) + kept.map((e) => csvLine(WATCHLIST_COLUMNS.map((c) => e[c]))).join('');
  const tmp = `${result.file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, result.file);
  result.imported = kept.length;
  return result;
}
