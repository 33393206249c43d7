import type { ChainableCommander, Redis } from 'ioredis';
import type { Consignment } from '../declaration/record.js';
import type { Decision } from '../decision/decision.js';
import { createLogger } from '../log.js';
import { groupCommit } from '../queue/group-commit.js';
import { COMMIT_CONNECTION, LeaseLost, writerLease, type WriterLease } from '../queue/writer-lease.js';
import { chainEntries, GENESIS } from './chain.js';
import { entryIdAfter } from './entry-id.js';
import { auditKeys, parseEntry, parseHead, RECORD_FIELD, type AuditKeys, type StoredHead } from './keys.js';
import { createFileMirror } from './mirror.js';
import { auditEntry, consignmentHash, type AuditEntry, type AuditRecord } from './record.js';
import { trimAuditLog, type Retention, type TrimResult } from './retention.js';

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

/** A caller's own writes, made in the transaction that appends the records: both happen or neither. */
export interface Along {
  /** Opens that transaction on the log's connection (a BullMQ client's MULTI, so its scripts can be queued); default a plain MULTI. */
  transaction?: () => ChainableCommander;
  add(tx: ChainableCommander): void | Promise<void>;
}

export interface AuditLog {
  readonly keys: AuditKeys;
  /** The connection appends run on (their lease is WATCHed there): transactions joined by `Along` must be on it. */
  readonly connection: Redis;
  /**
   * The writers' lease appends hold. A caller may take it itself, in a round
   * trip it makes anyway, and pass the head it returned as `turn` to its next
   * append (with no other append of this log in flight), or give it back. Such
   * an append rejects with LeaseLost if the lease expired before its write.
   */
  readonly lease: WriterLease;
  /** Appends one record per decision; resolves once they are in Redis (and the mirror). */
  append(items: AuditItem[], along?: Along, turn?: string): Promise<AuditRecord[]>;
  trim(now?: Date): Promise<TrimResult>;
  /** Waits for appends in flight, then closes the log's connections. */
  close(): Promise<void>;
}

interface Pending {
  entries: AuditEntry[];
  along?: Along;
  /** Head text of a turn the caller already holds. */
  turn?: string;
}

const MAX_ATTEMPTS = 20;
const log = createLogger('audit');

/**
 * The audit trail in a Redis stream. Each append is one stream entry holding
 * its records (a JSON array), written in one MULTI with the new head, the
 * index entry and the release of the writers' lease (queue/writer-lease.ts), plus
 * whatever the caller adds (the decisions those records are about). Several
 * workers may append to one log: they take turns, so the chain stays one line.
 * Appends made while a write is in flight go together in the next one.
 */
export function createAuditLog(redis: Redis, opts: AuditLogOptions): AuditLog {
  const keys = auditKeys(opts.key);
  // The lease is WATCHed, and WATCH is per connection: appends (and the trims they trigger) get one, `trim()` another.
  const conn = redis.duplicate(COMMIT_CONNECTION);
  const lease = writerLease(conn, { lock: keys.lock, head: keys.head });
  let trimConn: Redis | undefined;
  let trims: Promise<unknown> = Promise.resolve();
  const mirror = opts.file ? createFileMirror(opts.file) : undefined;
  const trimEveryMs = opts.trimEveryMs ?? 60_000;
  let lastTrim = Date.now();
  const inflight = new Set<Promise<unknown>>();

  /** The head to chain on: as stored, else from the last stored record, else the retention anchor, else genesis. */
  async function chainHead(stored: string): Promise<StoredHead> {
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

  async function write(group: Pending[]): Promise<AuditRecord[]> {
    const entries = group.length === 1 ? group[0].entries : group.flatMap((p) => p.entries);
    const transaction = group.find((p) => p.along?.transaction)?.along?.transaction ?? (() => conn.multi());
    let turn = group.length === 1 ? group[0].turn : undefined;
    // A caller that took the turn read under it: if the turn is lost, it must read again, not just re-chain.
    const callersTurn = turn !== undefined;
    if (entries.length === 0) {
      if (turn !== undefined) await lease.release();
      return alongOnly(transaction(), group);
    }
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const stored = turn ?? (await lease.take()).head;
      turn = undefined;
      const written = await lease.write(transaction, async (tx) => {
        const head = await chainHead(stored);
        const text = chainEntries(head, entries);
        const last = entries[entries.length - 1] as AuditRecord;
        const id = entryIdAfter(head.entry, Date.now());
        tx.xadd(keys.stream, id, RECORD_FIELD, text);
        tx.set(keys.head, JSON.stringify({ seq: last.seq, hash: last.hash, entry: id }));
        tx.zadd(keys.index, head.seq + 1, id);
        for (const p of group) await p.along?.add(tx);
      });
      if (written) return entries as AuditRecord[];
      if (callersTurn) throw new LeaseLost(lease.lock);
      // The lease expired and another writer appended: chain onto its records.
    }
    throw new Error(`audit log ${keys.stream}: lost the append lease ${MAX_ATTEMPTS} times in a row`);
  }

  /** Nothing to audit (a group of callers with no decisions): their own writes still go, without the lease. */
  async function alongOnly(tx: ChainableCommander, group: Pending[]): Promise<AuditRecord[]> {
    for (const p of group) await p.along?.add(tx);
    const replies = await tx.exec();
    for (const [err] of replies ?? []) if (err) throw err;
    return [];
  }

  async function trimIfDue(): Promise<void> {
    if (!opts.retention || Date.now() - lastTrim < trimEveryMs) return;
    lastTrim = Date.now();
    try {
      const result = await trimAuditLog(conn, keys, opts.retention);
      if (result.trimmed > 0) log.info({ stream: keys.stream, ...result }, 'audit log trimmed');
    } catch (e) {
      // Retention failing leaves more records than configured, never fewer: decisions go on.
      log.error({ stream: keys.stream, err: e }, 'audit log trim failed');
    }
  }

  const commit = async (group: Pending[]): Promise<AuditRecord[][]> => {
    const records = await write(group);
    if (mirror) await mirror.catchUp(conn, keys);
    await trimIfDue();
    let at = 0;
    return group.map((p) => records.slice(at, (at += p.entries.length)));
  };
  const appendGroup = groupCommit(commit, 256);

  const track = <T>(p: Promise<T>): Promise<T> => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p)).catch(() => undefined);
    return p;
  };

  return {
    keys,
    connection: conn,
    append(items, along, turn) {
      if (items.length === 0 && !along && turn === undefined) return Promise.resolve([]);
      const pending: Pending = {
        entries: items.map((i) =>
          auditEntry(i.decision, 'consignmentHash' in i ? i.consignmentHash : consignmentHash(i.consignment)),
        ),
        ...(along ? { along } : {}),
      };
      if (turn === undefined) return track(appendGroup(pending));
      // The caller holds the turn: no grouping with appends that would have to take it again.
      return track(commit([{ ...pending, turn }]).then(([records]) => records));
    },
    lease,
    trim(now) {
      const c = (trimConn ??= redis.duplicate());
      // One at a time: a trim WATCHes the anchor on this connection.
      const run = trims.then(() => trimAuditLog(c, keys, opts.retention ?? {}, now));
      trims = run.catch(() => undefined);
      return track(run);
    },
    async close() {
      await Promise.allSettled([...inflight]);
      await Promise.all([conn, trimConn].map((c) => c?.quit().catch(() => c.disconnect())));
    },
  };
}
