import type { RedisClient as Redis } from '../queue/connection.js';
import type { Consignment } from '../declaration/record.js';
import type { Decision } from '../decision/decision.js';
import { dayExpiry, type AuditPosition } from './decisions-index.js';
import type { ConsoleKeys, Status } from './keys.js';

/** A recorded inspection result (first recording; a second one is refused). */
export interface RecordedResult {
  outcome: 'compliant' | 'illicit';
  revenue: number;
  note: string;
  by: string;
  at: string;
  /** Seq of the console audit record that holds it. */
  auditSeq?: number;
}

/** One indexed declaration as the declaration page reads it. */
export interface StoredDeclaration {
  decision: Decision;
  consignment: Consignment;
  audit?: AuditPosition;
  day: string;
  status: Status;
  result?: RecordedResult;
}

export async function readDeclaration(
  redis: Redis,
  keys: ConsoleKeys,
  id: string,
): Promise<StoredDeclaration | undefined> {
  const [[e1, fields], [e2, result]] = ((await redis
    .pipeline()
    .hmget(keys.decision(id), 'decision', 'consignment', 'audit', 'day', 'status')
    .get(keys.result(id))
    .exec()) ?? []) as [[Error | null, (string | null)[]], [Error | null, string | null]];
  if (e1 || e2) throw e1 ?? e2;
  const [decision, consignment, audit, day, status] = fields;
  if (!decision || !consignment || !day) return undefined;
  return {
    decision: JSON.parse(decision) as Decision,
    consignment: JSON.parse(consignment) as Consignment,
    ...(audit ? { audit: JSON.parse(audit) as AuditPosition } : {}),
    day,
    status: (status as Status | null) ?? 'open',
    ...(result ? { result: JSON.parse(result) as RecordedResult } : {}),
  };
}

/** Queues, in a transaction, the move of a declaration to `status` (its hash field and the day's status sets). */
export function statusCommands(
  tx: ReturnType<Redis['multi']>,
  keys: ConsoleKeys,
  d: StoredDeclaration,
  status: Exclude<Status, 'open'>,
  retentionDays: number,
): void {
  const at = Date.parse(d.decision.decidedAt);
  tx.hset(keys.decision(d.decision.id), 'status', status);
  tx.zadd(keys.status(d.day, status), at, d.decision.id);
  if (status === 'done') tx.zrem(keys.status(d.day, 'inspection'), d.decision.id);
  tx.expireat(keys.status(d.day, status), dayExpiry(d.day, retentionDays));
}

/** An officer may see a declaration of one of their offices; other roles see every office. */
export function mayAccess(offices: readonly string[] | undefined, c: Consignment): boolean {
  return offices === undefined || (c.office !== undefined && offices.includes(c.office));
}
