import { SENSITIVE_FIELDS } from '../log.js';
import { isToken, type Pseudonymiser } from './pseudonymise.js';
import { WATCHLIST_COLUMNS, type WatchlistEntry } from '../watchlist/entry.js';

/** What a partner gets of a decision unless `--fields` says otherwise: no consignment data beyond its id. */
export const DEFAULT_DECISION_FIELDS = ['id', 'channel', 'score', 'hits', 'ruleset', 'decidedAt'];

/** Fields whose values identify a trader or a declaration: shared only as tokens. */
export const DEFAULT_IDENTIFIERS = ['id', ...SENSITIVE_FIELDS];

export interface SharePolicy {
  pseudonymiser: Pseudonymiser;
  /** Whitelist: every other field is left out. */
  fields: readonly string[];
  /** Whitelisted fields (or watchlist entry types) whose values are replaced by tokens. */
  identifiers: readonly string[];
  /** Our administration's name, written as `source` of shared watchlist entries. */
  source?: string;
}

/** A decision (or any flat record) reduced to whitelisted fields, identifiers tokenised. */
export function shareRecord(record: Record<string, unknown>, policy: SharePolicy): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of policy.fields) {
    const value = record[field];
    if (value === undefined) continue;
    out[field] =
      policy.identifiers.includes(field) && value !== null ? policy.pseudonymiser.token(String(value)) : value;
  }
  return out;
}

export type SharedEntry = { entry: WatchlistEntry } | { skipped: string };

/** Columns a partner gets of a watchlist entry unless `--fields` says otherwise. */
export const DEFAULT_WATCHLIST_FIELDS: readonly string[] = WATCHLIST_COLUMNS;

/**
 * A watchlist entry for a partner: an identifier-type entry's id becomes a
 * token. Entries that are already tokens came from another partner and are not
 * passed on: re-sharing them would link two partners' keys.
 */
export function shareWatchlistEntry(entry: WatchlistEntry, policy: SharePolicy): SharedEntry {
  if (isToken(entry.id)) return { skipped: 'received from a partner administration: not shared on' };
  // type, id and source make the entry: always shared (id as a token when it names a trader).
  const out: WatchlistEntry = {
    type: entry.type,
    id: policy.identifiers.includes(entry.type) ? policy.pseudonymiser.token(entry.id) : entry.id,
    source: policy.source ?? entry.source,
  };
  for (const column of ['reason', 'validUntil', 'confidentiality'] as const) {
    const value = entry[column];
    if (value !== undefined && policy.fields.includes(column)) out[column] = value;
  }
  return { entry: out };
}
