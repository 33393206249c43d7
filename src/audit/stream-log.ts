import type { Redis } from 'ioredis';
import type { Consignment } from '../consignment/record.js';
import type { Decision } from '../decision/decision.js';
import { createLogger } from '../log.js';
import { groupCommit } from '../queue/group-commit.js';
import { appendRecords, GENESIS, type ChainHead } from './chain.js';
import { auditKeys, parseEntry, parseHead, RECORD_FIELD, type AuditKeys } from './keys.js';
import { createFileMirror } from './mirror.js';
import { auditEntry, type AuditEntry, type AuditRecord } from './record.js';
import { trimAuditLog, type Retention, type TrimResult } from './retention.js';

export interface AuditItem {
  decision: Decision;
  /** The consignment as received (before any purpose filter): only its hash is kept. */
  consignment: Consignment | Record<string, unknown>;
}

export interface AuditLogOptions {
  /** Stream key; head and anchor keys are derived from it (audit/keys.ts). */
  key: string;
  /** NDJSON file that follows the stream, in chain order. */
  file?: string;
  retention?: Retention;
  /** Least time between two automatic trims (default one minute). */
  trimEveryMs?: number;
}

export interface AuditLog {
  readonly keys: AuditKeys;
  /** Appends one record per decision; resolves once they are in Redis (and the mirror). */
  append(items: AuditItem[]): Promise<AuditRecord[]>;
  trim(now?: Date): Promise<TrimResult>;
  /** Waits for appends in flight, then closes the log's connections. */
  close(): Promise<void>;
}

const MAX_ATTEMPTS = 100;
const log = createLogger('audit');

/**
 * The audit trail in a Redis stream. Several workers may append to one log: each
 * write reads the head under WATCH and adds records + new head in one MULTI,
 * retrying when another writer got there first, so the chain stays one line.
 * Appends made while a write is in flight go together in the next one.
 */
export function createAuditLog(redis: Redis, opts: AuditLogOptions): AuditLog {
  const keys = auditKeys(opts.key);
  // WATCH is per connection: appends (and the trims they trigger) get one of their own, `trim()` another.
  const conn = redis.duplicate();
  let trimConn: Redis | undefined;
  let trims: Promise<unknown> = Promise.resolve();
  const mirror = opts.file ? createFileMirror(opts.file) : undefined;
  const trimEveryMs = opts.trimEveryMs ?? 60_000;
  let lastTrim = Date.now();
  const inflight = new Set<Promise<unknown>>();

  async function currentHead(): Promise<ChainHead> {
    const head = parseHead(await conn.get(keys.head));
    if (head) return head;
    // No head yet: continue from the last stored record, else from the retention anchor, else from nothing.
    const last = (await conn.xrevrange(keys.stream, '+', '-', 'COUNT', 1)) as [string, string[]][];
    const record = last[0] ? (parseEntry(last[0]).record as AuditRecord | null) : null;
    if (record) return { seq: record.seq, hash: record.hash };
    return parseHead(await conn.get(keys.anchor)) ?? GENESIS;
  }

  async function write(entries: AuditEntry[]): Promise<AuditRecord[]> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      await conn.watch(keys.head);
      const records = appendRecords(await currentHead(), entries);
      const last = records[records.length - 1];
      const tx = conn.multi();
      for (const r of records) tx.xadd(keys.stream, '*', RECORD_FIELD, JSON.stringify(r));
      tx.set(keys.head, JSON.stringify({ seq: last.seq, hash: last.hash }));
      const result = await tx.exec();
      if (result === null) continue; // another writer moved the head: chain onto its records
      const failed = result.find(([err]) => err);
      if (failed) throw failed[0];
      return records;
    }
    throw new Error(`audit log ${keys.stream}: could not append after ${MAX_ATTEMPTS} attempts (too many concurrent writers)`);
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

  const appendGroup = groupCommit<AuditEntry[], AuditRecord[]>(async (group) => {
    const records = await write(group.flat());
    if (mirror) await mirror.catchUp(conn, keys);
    await trimIfDue();
    let at = 0;
    return group.map((entries) => records.slice(at, (at += entries.length)));
  }, 256);

  const track = <T>(p: Promise<T>): Promise<T> => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p)).catch(() => undefined);
    return p;
  };

  return {
    keys,
    append(items) {
      if (items.length === 0) return Promise.resolve([]);
      return track(appendGroup(items.map((i) => auditEntry(i.decision, i.consignment))));
    },
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
