import type { ChainHead } from './chain.js';

/**
 * Where one audit log lives in Redis: the stream of records, the head written
 * with every append (so a cut tail shows), the anchor left by retention (so
 * the chain verifies from the new first record), the lock that makes writers
 * take turns, and the index from each entry's first seq to its entry id (so
 * retention by count finds where to cut without reading the stream).
 */
export interface AuditKeys {
  stream: string;
  head: string;
  anchor: string;
  lock: string;
  index: string;
}

export function auditKeys(stream: string): AuditKeys {
  return {
    stream,
    head: `${stream}:head`,
    anchor: `${stream}:anchor`,
    lock: `${stream}:lock`,
    index: `${stream}:index`,
  };
}

/** Field of a stream entry holding its records: a JSON array of them (one append), or one record. */
export const RECORD_FIELD = 'r';

/** The chain head as stored: the last record's link, and the stream entry that holds it. */
export interface StoredHead extends ChainHead {
  entry?: string;
}

export function parseHead(text: string | null): StoredHead | undefined {
  if (!text) return undefined;
  const v = JSON.parse(text) as Partial<StoredHead>;
  if (!Number.isSafeInteger(v.seq) || typeof v.hash !== 'string') throw new Error(`unreadable chain head: ${text}`);
  return { seq: v.seq as number, hash: v.hash, ...(typeof v.entry === 'string' ? { entry: v.entry } : {}) };
}

/** One stream entry (`[id, [field, value, …]]`) as its id and parsed records (`[null]` if unparsable). */
export function parseEntry(entry: [string, string[]]): { id: string; records: unknown[] } {
  const [id, fields] = entry;
  const at = fields.indexOf(RECORD_FIELD);
  const text = at >= 0 && at % 2 === 0 ? fields[at + 1] : undefined;
  try {
    const value = text === undefined ? null : (JSON.parse(text) as unknown);
    return { id, records: Array.isArray(value) ? value : [value] };
  } catch {
    return { id, records: [null] };
  }
}

/** Reference of the k-th record of a stream entry, as verification reports it. */
export function recordRef(entryId: string, index: number): string {
  return index === 0 ? entryId : `${entryId}#${index}`;
}
