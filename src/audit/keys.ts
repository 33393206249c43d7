import type { ChainHead } from './chain.js';

/**
 * Where one audit log lives in Redis: the stream of records, the head written
 * with every append (so a cut tail shows), and the anchor left by retention (so
 * the chain verifies from the new first record).
 */
export interface AuditKeys {
  stream: string;
  head: string;
  anchor: string;
}

export function auditKeys(stream: string): AuditKeys {
  return { stream, head: `${stream}:head`, anchor: `${stream}:anchor` };
}

/** Field of a stream entry holding the record's JSON. */
export const RECORD_FIELD = 'r';

export function parseHead(text: string | null): ChainHead | undefined {
  if (!text) return undefined;
  const v = JSON.parse(text) as Partial<ChainHead>;
  if (!Number.isSafeInteger(v.seq) || typeof v.hash !== 'string') throw new Error(`unreadable chain head: ${text}`);
  return { seq: v.seq as number, hash: v.hash };
}

/** One stream entry (`[id, [field, value, …]]`) as its id and parsed record (unknown if unparsable). */
export function parseEntry(entry: [string, string[]]): { id: string; record: unknown } {
  const [id, fields] = entry;
  const at = fields.indexOf(RECORD_FIELD);
  const text = at >= 0 && at % 2 === 0 ? fields[at + 1] : undefined;
  try {
    return { id, record: text === undefined ? null : (JSON.parse(text) as unknown) };
  } catch {
    return { id, record: null };
  }
}
