import type { Cluster, Redis } from 'ioredis';
import type { Consignment } from '../declaration/record.js';
import type { Decision } from '../decision/decision.js';
import { chainEntries, GENESIS } from './chain.js';
import { entryIdAfter } from './entry-id.js';
import { parseEntry, parseHead, RECORD_FIELD, type AuditKeys, type StoredHead } from './keys.js';
import { auditEntry, consignmentHash, type AuditEntry, type AuditRecord } from './record.js';
import type { Retention } from './retention.js';

/** A decision to record, with the consignment it was made on as received (before any purpose filter), or that consignment's hash (`consignmentHash`), computed ahead. */
export type AuditItem =
  | { decision: Decision; consignment: Consignment | Record<string, unknown> }
  | { decision: Decision; consignmentHash: string };

export interface AuditLogOptions {
  /** Stream key; head, anchor, lock and index keys are derived from it (audit/keys.ts). */
  key: string;
  /** NDJSON file that follows the stream, in chain order. */
  file?: string;
  retention?: Retention;
  /** Least time between two automatic trims (default one minute). */
  trimEveryMs?: number;
}

/** A Redis command as its name and arguments, for a transaction to queue. */
export type Command = [name: string, ...args: (string | number)[]];

export function auditEntries(items: readonly AuditItem[]): AuditEntry[] {
  return items.map((i) =>
    auditEntry(i.decision, 'consignmentHash' in i ? i.consignmentHash : consignmentHash(i.consignment)),
  );
}

/**
 * The writes that append `entries` after `head` as one stream entry: the
 * records (chained in place, so each entry becomes its record), the new head
 * and the index entry from its first seq. Pure: the committer queues them in
 * the transaction that also writes what the records are about. The entry id is
 * named here, after the head's, so the stream's order never depends on the
 * writers' clocks.
 */
export function appendCommands(keys: AuditKeys, head: StoredHead, entries: AuditEntry[], nowMs: number): Command[] {
  const text = chainEntries(head, entries);
  const last = entries[entries.length - 1] as AuditRecord;
  const id = entryIdAfter(head.entry, nowMs);
  return [
    ['xadd', keys.stream, id, RECORD_FIELD, text],
    ['set', keys.head, JSON.stringify({ seq: last.seq, hash: last.hash, entry: id })],
    ['zadd', keys.index, head.seq + 1, id],
  ];
}

/**
 * The head to chain on, from the head key's text as read under the writers'
 * lease: as stored; else from the last stored record; else the retention
 * anchor; else genesis. Reads Redis only when the stored head does not name its entry.
 */
export async function chainHead(conn: Redis | Cluster, keys: AuditKeys, stored: string): Promise<StoredHead> {
  const head = parseHead(stored || null);
  if (head?.entry) return head;
  const last = (await conn.xrevrange(keys.stream, '+', '-', 'COUNT', 1)) as [string, string[]][];
  const entry = last[0]?.[0];
  if (head) return { ...head, ...(entry ? { entry } : {}) };
  const records = last[0] ? parseEntry(last[0]).records : [];
  const record = records[records.length - 1] as AuditRecord | null | undefined;
  if (record && entry) return { seq: record.seq, hash: record.hash, entry };
  return parseHead(await conn.get(keys.anchor)) ?? GENESIS;
}
