import type { Redis } from 'ioredis';
import type { ChainHead } from './chain.js';
import { nextEntryId, compareEntryIds } from './entry-id.js';
import { parseEntry, type AuditKeys } from './keys.js';
import type { AuditRecord } from './record.js';

/** How much of the audit log Redis keeps: the newest `maxLen` records and/or those younger than `maxAgeMs`. */
export interface Retention {
  maxLen?: number;
  maxAgeMs?: number;
}

export interface TrimResult {
  trimmed: number;
  /** The last removed record: the chain now verifies from it. */
  anchor?: ChainHead;
}

type Entry = [string, string[]];

/**
 * Drops records past the retention limits and, in the same transaction, stores
 * the last dropped record's seq and hash as the anchor: verification starts from
 * it, so the retained part still proves itself, and a head cut beyond it shows.
 * Must run on a connection nothing else uses concurrently (it WATCHes).
 */
export async function trimAuditLog(conn: Redis, keys: AuditKeys, retention: Retention, now = new Date()): Promise<TrimResult> {
  const firstKept = await firstKeptId(conn, keys.stream, retention, now);
  if (firstKept === null) return { trimmed: 0 };
  await conn.watch(keys.anchor);
  const before = (firstKept === undefined
    ? await conn.xrevrange(keys.stream, '+', '-', 'COUNT', 1)
    : await conn.xrevrange(keys.stream, `(${firstKept}`, '-', 'COUNT', 1)) as Entry[];
  if (before.length === 0) {
    await conn.unwatch();
    return { trimmed: 0 };
  }
  const { id, record } = parseEntry(before[0]);
  const last = record as AuditRecord;
  const anchor = { seq: last.seq, hash: last.hash };
  const result = await conn
    .multi()
    .set(keys.anchor, JSON.stringify({ ...anchor, trimmedAt: now.toISOString() }))
    .xtrim(keys.stream, 'MINID', firstKept ?? nextEntryId(id))
    .exec();
  if (result === null) return { trimmed: 0 }; // another process trimmed meanwhile
  const failed = result.find(([err]) => err);
  if (failed) throw failed[0];
  return { trimmed: Number(result[1][1]), anchor };
}

/**
 * Id of the oldest record to keep; `undefined` when every record is past the
 * limits, `null` when nothing needs trimming.
 */
async function firstKeptId(conn: Redis, stream: string, retention: Retention, now: Date): Promise<string | undefined | null> {
  const candidates: (string | undefined)[] = [];
  if (retention.maxLen !== undefined) {
    const newest = (await conn.xrevrange(stream, '+', '-', 'COUNT', Math.max(retention.maxLen, 1))) as Entry[];
    if (retention.maxLen === 0) candidates.push(undefined);
    else if (newest.length === retention.maxLen) candidates.push(newest[newest.length - 1][0]);
  }
  if (retention.maxAgeMs !== undefined) {
    const since = Math.max(0, now.getTime() - retention.maxAgeMs);
    const young = (await conn.xrange(stream, String(since), '+', 'COUNT', 1)) as Entry[];
    candidates.push(young[0]?.[0]);
  }
  if (candidates.length === 0) return null;
  if (candidates.includes(undefined)) return undefined;
  // Both limits apply: keep only what satisfies both (the later start).
  return (candidates as string[]).sort(compareEntryIds)[candidates.length - 1];
}
