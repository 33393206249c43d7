import type { Redis } from 'ioredis';
import type { Consignment } from '../consignment/record.js';
import type { Decision } from '../decision/decision.js';
import { appendRecords, GENESIS, type ChainHead } from './chain.js';
import { auditKeys, parseEntry, parseHead, RECORD_FIELD, type AuditKeys } from './keys.js';
import { createLogger } from '../log.js';
import { createFileMirror, type FileMirror } from './mirror.js';
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
  close(): Promise<void>;
}

interface Pending {
  entries: AuditEntry[];
  resolve(records: AuditRecord[]): void;
  reject(e: unknown): void;
}

const MAX_ATTEMPTS = 100;
const log = createLogger('audit');

/**
 * The audit trail in a Redis stream. Several workers may append to one log: each
 * append reads the head under WATCH and writes records + new head in one
 * MULTI, retrying when another writer got there first, so the chain stays one
 * line. Calls made while a write is in flight are coalesced into the next one.
 */
export function createAuditLog(redis: Redis, opts: AuditLogOptions): AuditLog {
  const keys = auditKeys(opts.key);
  // WATCH is per connection: this log needs one of its own.
  const conn = redis.duplicate();
  const mirror: FileMirror | undefined = opts.file ? createFileMirror(opts.file) : undefined;
  const trimEveryMs = opts.trimEveryMs ?? 60_000;
  let lastTrim = Date.now();
  let pending: Pending[] = [];
  let flushing = false;
  // Appends and trims share `conn` and its WATCH state: they run one at a time.
  let exclusive: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = exclusive.then(task, task);
    exclusive = run.catch(() => undefined);
    return run;
  };

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

  function kick(): void {
    if (flushing) return;
    flushing = true;
    void serial(flush).finally(() => {
      flushing = false;
      if (pending.length > 0) kick();
    });
  }

  async function flush(): Promise<void> {
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      try {
        const records = await write(batch.flatMap((p) => p.entries));
        if (mirror) await mirror.catchUp(conn, keys);
        let at = 0;
        for (const p of batch) {
          p.resolve(records.slice(at, at + p.entries.length));
          at += p.entries.length;
        }
      } catch (e) {
        for (const p of batch) p.reject(e);
      }
    }
    await trimIfDue();
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

  return {
    keys,
    append(items) {
      if (items.length === 0) return Promise.resolve([]);
      const entries = items.map((i) => auditEntry(i.decision, i.consignment));
      return new Promise((resolve, reject) => {
        pending.push({ entries, resolve, reject });
        kick();
      });
    },
    trim: (now) => serial(() => trimAuditLog(conn, keys, opts.retention ?? {}, now)),
    async close() {
      while (flushing || pending.length > 0) await new Promise((r) => setTimeout(r, 5));
      await serial(async () => undefined);
      await conn.quit().catch(() => conn.disconnect());
    },
  };
}
