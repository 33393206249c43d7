import { ownKey } from '../queue/names.js';

/** Filters a worklist can be narrowed by, each a sorted set per day (score: decision time). */
export const FACETS = ['channel', 'office', 'rule', 'selection'] as const;
export type Facet = (typeof FACETS)[number];

/** Officers' statuses: open until an officer starts the inspection, done once a result is recorded. */
export const STATUSES = ['open', 'inspection', 'done'] as const;
export type Status = (typeof STATUSES)[number];

/**
 * Where the console's data lives, next to the queues (one Redis Cluster slot):
 * `{targeting}:console:…`. Days are UTC `YYYY-MM-DD` of the decision time.
 */
export function consoleKeys(prefix: string) {
  const base = ownKey(prefix, 'console');
  return {
    /** Hash: decision, consignment, audit, day, status (one per red or yellow decision). */
    decision: (id: string) => `${base}:d:${id}`,
    /** Hash of the day's worklist rows (field: declaration id), so a page of rows is one HMGET. */
    rows: (day: string) => `${base}:day:${day}:rows`,
    byTime: (day: string) => `${base}:day:${day}:time`,
    byScore: (day: string) => `${base}:day:${day}:score`,
    facet: (day: string, facet: Facet, value: string) => `${base}:day:${day}:${facet}:${value}`,
    /** Declarations of the day in a status other than open (score: decision time). */
    status: (day: string, status: Exclude<Status, 'open'>) => `${base}:day:${day}:status:${status}`,
    /** Hash of counters: channel shares per hour, hits per rule, results per rule (stats.ts names the fields). */
    stats: (day: string) => `${base}:stats:${day}`,
    /** Sorted set of indexed days (score: days since 1970), for retention and the day picker. */
    days: `${base}:days`,
    /** List of the latest rejected inputs (newest first, bounded). */
    rejected: `${base}:rejected`,
    /** Recorded inspection result of a declaration (JSON): present once, so a second recording is refused. */
    result: (id: string) => `${base}:result:${id}`,
    /** Scratch keys of one worklist query. */
    scratch: (token: string) => `${base}:tmp:${token}`,
    /** The console's own audit chain: views and recorded results (verify with `targeting audit verify --stream`). */
    audit: `${base}:audit`,
  };
}

export type ConsoleKeys = ReturnType<typeof consoleKeys>;
