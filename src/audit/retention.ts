import type { Cluster, Redis } from 'ioredis';
import type { ChainHead } from './chain.js';
import { compareEntryIds, nextEntryId } from './entry-id.js';
import { parseEntry, parseHead, type AuditKeys } from './keys.js';
import type { AuditRecord } from './record.js';

/** How much of the audit log Redis keeps: the newest `maxLen` records and/or those younger than `maxAgeMs`. */
export interface Retention {
  maxLen?: number;
  maxAgeMs?: number;
}

export interface TrimResult {
  /** Records removed. */
  trimmed: number;
  /** The last removed record: the chain now verifies from it. */
  anchor?: ChainHead;
}

type Entry = [string, string[]];

/** Where to cut: the first stream entry kept, or `all` when every record is past the limits. */
type Cut = { keep: string } | 'all';

/**
 * Drops records past the retention limits and, in the same transaction, stores
 * the last dropped record's seq and hash as the anchor: verification starts from
 * it, so the retained part still proves itself, and a head cut beyond it shows.
 * Records go a whole stream entry (one append) at a time, so a count limit keeps
 * at least that many. Must run on a connection nothing else uses concurrently (it WATCHes).
 */
export async function trimAuditLog(
  conn: Redis | Cluster,
  keys: AuditKeys,
  retention: Retention,
  now = new Date(),
): Promise<TrimResult> {
  const cut = await cutPoint(conn, keys, retention, now);
  if (cut === null) return { trimmed: 0 };
  await conn.watch(keys.anchor);
  const before = parseHead(await conn.get(keys.anchor))?.seq ?? 0;
  const plan = cut === 'all' ? await trimAll(conn, keys) : await trimBefore(conn, keys, cut.keep);
  if (!plan || plan.anchor.seq <= before) {
    await conn.unwatch();
    return { trimmed: 0 };
  }
  const result = await conn
    .multi()
    .set(keys.anchor, JSON.stringify({ ...plan.anchor, trimmedAt: now.toISOString() }))
    .xtrim(keys.stream, 'MINID', plan.minId)
    .zremrangebyscore(keys.index, '-inf', `(${plan.anchor.seq + 1}`)
    .exec();
  if (result === null) return { trimmed: 0 }; // another process trimmed meanwhile
  const failed = result.find(([err]) => err);
  if (failed) throw failed[0];
  return { trimmed: plan.anchor.seq - before, anchor: plan.anchor };
}

interface Plan {
  anchor: ChainHead;
  minId: string;
}

/** Everything goes: the head becomes the anchor. */
async function trimAll(conn: Redis | Cluster, keys: AuditKeys): Promise<Plan | undefined> {
  const head = parseHead(await conn.get(keys.head));
  if (!head) return undefined;
  const last = head.entry ?? ((await conn.xrevrange(keys.stream, '+', '-', 'COUNT', 1)) as Entry[])[0]?.[0];
  return last === undefined ? undefined : { anchor: { seq: head.seq, hash: head.hash }, minId: nextEntryId(last) };
}

/** Entries before `keep` go: the last record they hold is the anchor. */
async function trimBefore(conn: Redis | Cluster, keys: AuditKeys, keep: string): Promise<Plan | undefined> {
  const dropped = (await conn.xrevrange(keys.stream, `(${keep}`, '-', 'COUNT', 1)) as Entry[];
  if (dropped.length === 0) return undefined;
  const records = parseEntry(dropped[0]).records;
  const last = records[records.length - 1] as AuditRecord | null;
  if (!last || typeof last.seq !== 'number') return undefined;
  return { anchor: { seq: last.seq, hash: last.hash }, minId: keep };
}

/** The first entry to keep, `all`, or null when nothing needs trimming. */
async function cutPoint(conn: Redis | Cluster, keys: AuditKeys, retention: Retention, now: Date): Promise<Cut | null> {
  const cuts: Cut[] = [];
  if (retention.maxLen !== undefined) {
    const head = parseHead(await conn.get(keys.head));
    if (head && retention.maxLen === 0) cuts.push('all');
    else if (head) {
      // The entry holding the oldest record to keep: the last one whose first seq is at most that record's.
      const oldestKept = head.seq - retention.maxLen + 1;
      const [entry] = oldestKept > 1 ? await conn.zrevrangebyscore(keys.index, oldestKept, '-inf', 'LIMIT', 0, 1) : [];
      if (entry) cuts.push({ keep: entry });
    }
  }
  if (retention.maxAgeMs !== undefined) {
    const since = Math.max(0, now.getTime() - retention.maxAgeMs);
    const young = (await conn.xrange(keys.stream, String(since), '+', 'COUNT', 1)) as Entry[];
    cuts.push(young[0] ? { keep: young[0][0] } : 'all');
  }
  if (cuts.length === 0) return null;
  if (cuts.includes('all')) return 'all';
  // Both limits apply: keep only what satisfies both (the later start).
  return (cuts as { keep: string }[]).sort((a, b) => compareEntryIds(a.keep, b.keep))[cuts.length - 1];
}
