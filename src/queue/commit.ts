import { createIORedisClient, Job, Queue } from 'bullmq';
import type { ChainableCommander } from 'ioredis';
import { appendCommands, auditEntries, chainHead, type AuditItem, type AuditLogOptions } from '../audit/append.js';
import { auditKeys, type AuditKeys } from '../audit/keys.js';
import { createFileMirror } from '../audit/mirror.js';
import type { AuditRecord } from '../audit/record.js';
import { trimAuditLog, type TrimResult } from '../audit/retention.js';
import type { Decision } from '../decision/decision.js';
import { createLogger } from '../log.js';
import { closeClient, duplicateClient, type RedisClient } from './connection.js';
import type { DecidedIds } from './decided-ids.js';
import { copyBullmqScripts } from './bullmq-scripts.js';
import { isConnectionLost } from './redis-errors.js';
import { groupCommit } from './group-commit.js';
import { execReleased, type Replies } from './released-pipeline.js';
import { COMMIT_CONNECTION, LeaseLost, writerLease } from './writer-lease.js';

/** A decisions job: the decisions of one or more input jobs, written in one bulk. */
export interface DecisionsJob {
  /** Ids of the input jobs that made them. */
  sources: string[];
  decisions: Decision[];
}

/** REDIS_WAIT_REPLICAS / REDIS_WAIT_TIMEOUT_MS: a commit counts once this many replicas have it. */
export interface Durability {
  replicas: number;
  timeoutMs: number;
}

/** What one request of a commit writes, once it knows which of its ids are its own. */
export interface Writes {
  /** Decisions for the decisions queue, with the input job they came from. */
  emit?: { source: string; decisions: Decision[] };
  /** One audit record each, chained in the same transaction. */
  audit?: AuditItem[];
  /** The caller's own writes, in the same transaction. */
  along?: (tx: ChainableCommander) => void | Promise<void>;
}

export interface CommitRequest {
  /** Consignment ids it would decide: those decided before, or by an earlier request of its group, are not its own. */
  ids: readonly string[];
  /** Given the indexes (into `ids`) of its own, what it writes; called again if the commit is redone. */
  own(owned: number[]): Writes | Promise<Writes>;
}

export interface CommitterOptions {
  /** Duplicated: the committer's connection is its own (its lease is WATCHed there). */
  redis: RedisClient;
  /** The writers' lease key when there is no audit log (with one, the log's lock is the lease). */
  lock?: string;
  /** Which ids are decided already: read under the lease, marked in the commit. Absent: every id is new. */
  decided?: DecidedIds;
  /** BullMQ queue the decisions go to. */
  decisions?: { queue: string; prefix: string };
  audit?: AuditLogOptions;
  durability?: Durability;
  /** Most requests written together (default 64). */
  maxGroup?: number;
}

export interface Committer {
  readonly connection: RedisClient;
  readonly auditKeys?: AuditKeys;
  /** Resolves once the request's writes are in Redis (and on the replicas `durability` asks for), with its audit records. */
  commit(request: CommitRequest): Promise<AuditRecord[]>;
  /** Applies the audit log's retention now (on a connection of its own). */
  trim(now?: Date): Promise<TrimResult>;
  /** Waits for commits in flight, then closes the committer's connections. */
  close(): Promise<void>;
}

/** The commit reached fewer replicas than REDIS_WAIT_REPLICAS in time: the job is not complete, and is retried. */
export class NotReplicated extends Error {
  constructor(
    readonly acknowledged: number,
    readonly durability: Durability,
  ) {
    super(
      `the commit reached ${acknowledged} of ${durability.replicas} replicas within ${durability.timeoutMs} ms (REDIS_WAIT_REPLICAS): the job is retried`,
    );
    this.name = 'NotReplicated';
  }
}

/**
 * WAIT counts the replicas that acknowledged every write this connection made,
 * so after a commit that only took and gave back the lease it still covers
 * what other writers committed before (that write follows theirs): a job whose
 * ids were all decided completes only once those decisions are replicated.
 * Sent with a read of `key` so a cluster routes it to that slot's master.
 */
export async function waitForReplicas(conn: RedisClient, key: string, d: Durability): Promise<void> {
  if (d.replicas <= 0) return;
  const replies = (await execReleased(conn.pipeline().pttl(key).wait(d.replicas, d.timeoutMs))) as Replies;
  const [err, acknowledged] = replies[1];
  // A WAIT cut short by its connection closing (a Sentinel client leaving the old master) counted no replica.
  if (err && isConnectionLost(err)) throw new NotReplicated(0, d);
  if (err) throw err;
  if ((acknowledged as number) < d.replicas) throw new NotReplicated(acknowledged as number, d);
}

/** Commits redone after their lease expired under them (each reads again); past this, the jobs fail. */
const MAX_ATTEMPTS = 10;
const log = createLogger('commit');

/**
 * The one owner of the commit. Requests that arrive while a commit is in flight
 * go together in the next one, in two round trips: one pipeline takes the
 * writers' lease (writer-lease.ts) and reads, under it, which of their ids are
 * decided and the audit chain's head; one MULTI writes the new decisions as one
 * decisions job, marks their ids decided, appends their audit records (the
 * commands audit/append.ts makes of them) and gives the lease back. So an id is
 * decided once whatever crashes around it, the chain stays one line, and no
 * decision goes out without its audit record. With `durability`, WAIT then
 * holds the commit until that many replicas have it: after a failover the new
 * master knows every decision whose job completed.
 */
export function createCommitter(o: CommitterOptions): Committer {
  const keys = o.audit ? auditKeys(o.audit.key) : undefined;
  const lock = keys?.lock ?? o.lock ?? '';
  if (!lock) throw new Error('createCommitter: a lock key or an audit log is needed');
  const conn = duplicateClient(o.redis, COMMIT_CONNECTION);
  const lease = writerLease(conn, { lock, ...(keys ? { head: keys.head } : {}) });
  // BullMQ's queue on the caller's connection; the committer's gets only the script that adds a job, and a
  // BullMQ client view of it, whose MULTI knows how to queue that script.
  const decisions = o.decisions && new Queue(o.decisions.queue, { connection: o.redis, prefix: o.decisions.prefix });
  // The connection's owner reports its errors; a BullMQ queue with no listener prints each one, AUTH arguments included.
  decisions?.on('error', () => undefined);
  let transactions: Promise<{ multi(): ChainableCommander }> | undefined;
  const bullmqMulti = () =>
    (transactions ??= copyBullmqScripts(decisions!, o.redis, conn, ['addStandardJob']).then(
      () => createIORedisClient(conn) as unknown as { multi(): ChainableCommander },
      (e: unknown) => {
        transactions = undefined;
        throw e;
      },
    ));
  const mirror = o.audit?.file ? createFileMirror(o.audit.file) : undefined;
  const trimEveryMs = o.audit?.trimEveryMs ?? 60_000;
  let lastTrim = Date.now();
  let trimConn: RedisClient | undefined;
  let trims: Promise<unknown> = Promise.resolve();
  const inflight = new Set<Promise<unknown>>();

  async function commitGroup(group: CommitRequest[]): Promise<AuditRecord[][]> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await commitOnce(group);
      } catch (e) {
        if (!(e instanceof LeaseLost) || attempt + 1 >= MAX_ATTEMPTS) throw e;
      }
    }
  }

  async function commitOnce(group: CommitRequest[]): Promise<AuditRecord[][]> {
    const ids = group.length === 1 ? group[0].ids : group.flatMap((r) => r.ids);
    const reads = o.decided && ids.length > 0 ? o.decided.lookup([...ids]) : undefined;
    const pipeline = conn.pipeline();
    const first = lease.attempt(pipeline, reads);
    const turn = first(await lease.send(pipeline)) ?? (await lease.take(reads));
    let writes: Writes[];
    let newIds: string[];
    try {
      const owned = ownedIndexes(group, turn.read ?? []);
      // After a lost lease this runs again on fresh reads; a capacity selector then counts the group's decisions twice (rare: a stall past LEASE_MS).
      writes = await Promise.all(group.map((r, i) => r.own(owned[i])));
      newIds = group.flatMap((r, i) => (owned[i].length === r.ids.length ? r.ids : owned[i].map((k) => r.ids[k])));
      if (!keys && writes.some((w) => w.audit?.length))
        throw new Error('createCommitter: audit records, but no audit log');
    } catch (e) {
      // Nothing was written: give the turn back now rather than make the other writers wait out the lease.
      await lease.release();
      throw e;
    }
    const emits = writes.flatMap((w) => (w.emit && w.emit.decisions.length > 0 ? [w.emit] : []));
    const items = writes.map((w) => w.audit ?? []);
    const entries = auditEntries(items.flat());
    const alongs = writes.flatMap((w) => (w.along ? [w.along] : []));
    if (emits.length === 0 && entries.length === 0 && alongs.length === 0) {
      await lease.release();
      await durable();
      return group.map(() => []);
    }
    const client = decisions && emits.length > 0 ? await bullmqMulti() : undefined;
    const open = client ? () => client.multi() : () => conn.multi();
    const written = await lease.write(open, async (tx) => {
      if (decisions && emits.length > 0) {
        const data: DecisionsJob = {
          sources: emits.map((e) => e.source),
          decisions: emits.flatMap((e) => e.decisions),
        };
        await new Job(decisions, 'decisions', data, { removeOnComplete: true, removeOnFail: true }).addJob(tx as never);
      }
      o.decided?.markDecided(tx, newIds);
      if (keys && entries.length > 0) {
        const head = await chainHead(conn, keys, turn.head);
        for (const [name, ...args] of appendCommands(keys, head, entries, Date.now())) tx.call(name, ...args);
      }
      for (const along of alongs) await along(tx);
    });
    if (!written) throw new LeaseLost(lease.lock);
    await durable();
    if (mirror && keys) await mirror.catchUp(conn, keys);
    await trimIfDue();
    const records = entries as AuditRecord[];
    let at = 0;
    return items.map((i) => records.slice(at, (at += i.length)));
  }

  async function durable(): Promise<void> {
    if (o.durability) await waitForReplicas(conn, lock, o.durability);
  }

  async function trimIfDue(): Promise<void> {
    if (!keys || !o.audit?.retention || Date.now() - lastTrim < trimEveryMs) return;
    lastTrim = Date.now();
    try {
      const result = await trimAuditLog(conn, keys, o.audit.retention);
      if (result.trimmed > 0) log.info({ stream: keys.stream, ...result }, 'audit log trimmed');
    } catch (e) {
      // Retention failing leaves more records than configured, never fewer: decisions go on.
      log.error({ stream: keys.stream, err: e }, 'audit log trim failed');
    }
  }

  const commit = groupCommit(commitGroup, o.maxGroup ?? 64);
  const track = <T>(p: Promise<T>): Promise<T> => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p)).catch(() => undefined);
    return p;
  };

  return {
    connection: conn,
    ...(keys ? { auditKeys: keys } : {}),
    commit: (request) => track(commit(request)),
    trim(now) {
      if (!keys) return Promise.resolve({ trimmed: 0 });
      const c = (trimConn ??= duplicateClient(o.redis));
      // One at a time: a trim WATCHes the anchor on this connection.
      const run = trims.then(() => trimAuditLog(c, keys, o.audit?.retention ?? {}, now));
      trims = run.catch(() => undefined);
      return track(run);
    },
    async close() {
      await Promise.allSettled([...inflight]);
      await decisions?.close();
      await Promise.all([conn, trimConn].map((c) => c && closeClient(c)));
    },
  };
}

/** Per request, the indexes of its ids not decided before and not taken by an earlier request of the group. */
function ownedIndexes(group: CommitRequest[], decided: boolean[]): number[][] {
  const seen = group.length > 1 ? new Set<string>() : undefined;
  let at = 0;
  return group.map((r) => {
    const mine: number[] = [];
    for (let i = 0; i < r.ids.length; i++, at++) {
      if (decided[at] || seen?.has(r.ids[i])) continue;
      seen?.add(r.ids[i]);
      mine.push(i);
    }
    return mine;
  });
}
