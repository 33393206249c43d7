import type { Redis } from 'ioredis';
import type { Consignment } from '../consignment/record.js';
import type { Decision } from '../decision/decision.js';
import { createLogger } from '../log.js';
import { groupCommit } from '../queue/group-commit.js';
import { chainEntries, GENESIS, type ChainHead } from './chain.js';
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

/**
 * Compare-and-append in one server-side step: the records are added and the
 * head moved only if the head is still the one the records were chained to
 * (else 0, and the writer re-reads it). One command per group of records keeps
 * the cost per decision to the XADD itself.
 */
const APPEND_SCRIPT = `
local current = redis.call('GET', KEYS[2]) or ''
if current ~= ARGV[1] then return 0 end
for i = 3, #ARGV do redis.call('XADD', KEYS[1], '*', '${RECORD_FIELD}', ARGV[i]) end
redis.call('SET', KEYS[2], ARGV[2])
return #ARGV - 2
`;

type AppendingRedis = Redis & {
  auditAppend(stream: string, head: string, expected: string, next: string, ...records: string[]): Promise<number>;
};

function withAppendScript(conn: Redis): AppendingRedis {
  conn.defineCommand('auditAppend', { numberOfKeys: 2, lua: APPEND_SCRIPT });
  return conn as AppendingRedis;
}

const log = createLogger('audit');

/**
 * The audit trail in a Redis stream. Several workers may append to one log: a
 * write chains its records to the head it read and adds them only if that head
 * is still current (APPEND_SCRIPT), retrying when another writer got there
 * first, so the chain stays one line. Appends made while a write is in flight
 * go together in the next one.
 */
export function createAuditLog(redis: Redis, opts: AuditLogOptions): AuditLog {
  const keys = auditKeys(opts.key);
  // Trims WATCH the anchor, and WATCH is per connection: appends (and the trims they trigger) get one, `trim()` another.
  const conn = withAppendScript(redis.duplicate());
  let trimConn: Redis | undefined;
  let trims: Promise<unknown> = Promise.resolve();
  const mirror = opts.file ? createFileMirror(opts.file) : undefined;
  const trimEveryMs = opts.trimEveryMs ?? 60_000;
  let lastTrim = Date.now();
  const inflight = new Set<Promise<unknown>>();

  /** The head as stored (compared again in the append script) and the link the next record takes. */
  async function currentHead(): Promise<{ stored: string; head: ChainHead }> {
    const stored = (await conn.get(keys.head)) ?? '';
    const head = parseHead(stored || null);
    if (head) return { stored, head };
    // No head yet: continue from the last stored record, else from the retention anchor, else from nothing.
    const last = (await conn.xrevrange(keys.stream, '+', '-', 'COUNT', 1)) as [string, string[]][];
    const record = last[0] ? (parseEntry(last[0]).record as AuditRecord | null) : null;
    if (record) return { stored, head: { seq: record.seq, hash: record.hash } };
    return { stored, head: parseHead(await conn.get(keys.anchor)) ?? GENESIS };
  }

  async function write(entries: AuditEntry[]): Promise<AuditRecord[]> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const { stored, head } = await currentHead();
      const sealed = chainEntries(head, entries);
      const last = sealed[sealed.length - 1].record;
      const next = JSON.stringify({ seq: last.seq, hash: last.hash });
      const added = await conn.auditAppend(keys.stream, keys.head, stored, next, ...sealed.map((s) => s.stored));
      if (added !== 0) return sealed.map((s) => s.record);
      // Another writer moved the head: chain onto its records.
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
