import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RuleSetError } from '../errors.js';
import { createLogger } from '../log.js';
import { canonicalJson, sha256Hex } from '../canonical-json.js';
import { RuleSetValidationError } from '../ruleset/load.js';
import { sourceFiles } from '../source-files.js';
import type { LoadedWatchlists, PlacedEntry } from './entry.js';
import { readWatchlistFile } from './read.js';
import { toEntry } from './validate.js';

const log = createLogger('watchlist');

export interface WatchlistLoadOptions {
  /** The day (YYYY-MM-DD) entries are judged expired against; today (UTC) by default. */
  today?: string;
}

/** `*.csv` and `*.json` files of a watchlist directory (or the file itself). */
export function watchlistFiles(path: string): string[] {
  return sourceFiles(path, /\.(csv|json)$/i, {
    problem: 'no such watchlist file or directory',
    hint: 'pass --watchlists with a directory of *.csv or *.json watchlists',
  });
}

/**
 * Reads and validates every watchlist file; errors come back as values (all of
 * them, not the first) so `rules validate` and a reloading worker can report them.
 */
export function checkWatchlists(
  path: string,
  opts: WatchlistLoadOptions = {},
): { errors: RuleSetError[]; expired: PlacedEntry[]; watchlists?: LoadedWatchlists } {
  const files = watchlistFiles(path);
  const errors: RuleSetError[] = [];
  const entries: PlacedEntry[] = [];
  for (const file of files) {
    try {
      for (const row of readWatchlistFile(file)) {
        try {
          entries.push(toEntry(row));
        } catch (e) {
          if (!(e instanceof RuleSetError)) throw e;
          errors.push(e);
        }
      }
    } catch (e) {
      if (!(e instanceof RuleSetError)) throw e;
      errors.push(e);
    }
  }
  errors.push(...duplicates(entries));
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  const expired = entries.filter((p) => p.entry.validUntil !== undefined && p.entry.validUntil < today);
  if (errors.length > 0) return { errors, expired };
  const inForce = entries.filter((p) => !expired.includes(p)).map((p) => p.entry);
  return {
    errors,
    expired,
    watchlists: {
      id: `watchlists@${sha256Hex(canonicalJson(inForce)).slice(0, 12)}`,
      entries: inForce,
      files,
      expired,
    },
  };
}

/** Loads watchlists for scoring; expired entries are left out and counted in the log. */
export function loadWatchlists(path: string, opts: WatchlistLoadOptions = {}): LoadedWatchlists {
  const { errors, watchlists } = checkWatchlists(path, opts);
  if (!watchlists) throw new RuleSetValidationError(errors);
  const counts = {
    watchlists: watchlists.id,
    entries: watchlists.entries.length,
    expired: watchlists.expired.length,
    files: watchlists.files.length,
  };
  // Expired entries are worth an analyst's attention (renew or remove them); a clean load is not.
  if (watchlists.expired.length > 0)
    log.warn(
      counts,
      `watchlists loaded; ${watchlists.expired.length} expired entr${watchlists.expired.length === 1 ? 'y' : 'ies'} ignored`,
    );
  else log.debug(counts, 'watchlists loaded');
  return watchlists;
}

/** The watchlists next to a rule set (`<rules dir>/watchlists`), when there are any. */
export function defaultWatchlistDir(rulesPath: string): string | undefined {
  const dir = join(rulesPath, 'watchlists');
  return existsSync(dir) && statSync(dir).isDirectory() ? dir : undefined;
}

/** The same entity listed twice would make the decision's cited source depend on file order. */
function duplicates(entries: PlacedEntry[]): RuleSetError[] {
  const first = new Map<string, PlacedEntry>();
  const errors: RuleSetError[] = [];
  for (const p of entries) {
    const key = `${p.entry.type}\n${p.entry.id}`;
    const prior = first.get(key);
    if (!prior) {
      first.set(key, p);
      continue;
    }
    errors.push(
      new RuleSetError(
        'DUPLICATE_ENTRY',
        `${p.entry.type} "${p.entry.id}" is listed twice (also ${prior.file}:${prior.line})`,
        { file: p.file, line: p.line, field: 'id' },
        'keep one row: merge the reasons and keep the later validUntil',
      ),
    );
  }
  return errors;
}

/** Expired entries as problems, for `rules validate`: scoring ignores them, an analyst should renew or remove them. */
export function expiredProblems(expired: readonly PlacedEntry[]): RuleSetError[] {
  return expired.map(
    (p) =>
      new RuleSetError(
        'EXPIRED_ENTRY',
        `${p.entry.type} "${p.entry.id}" (from ${p.entry.source}) expired on ${p.entry.validUntil}, so it is ignored`,
        { file: p.file, line: p.line, field: 'validUntil' },
        'renew validUntil if the partner confirms the entry, or remove the row',
      ),
  );
}
