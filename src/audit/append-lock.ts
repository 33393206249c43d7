import { randomUUID } from 'node:crypto';
import type { ChainableCommander, Redis } from 'ioredis';
import type { AuditKeys } from './keys.js';

/**
 * Writers to one audit log take turns. Chaining needs the head the records
 * link to, so a writer that chained on a head another writer has just moved
 * must redo its work: with optimistic appends two busy workers redid about a
 * third of theirs (measured in the e2e bench). A lease costs one small script
 * before the write and none of that.
 *
 * The lease is fenced by WATCH: the append's MULTI fails if the lock key
 * changed after the lease was taken (it expired and another writer took it),
 * so a writer stalled past its lease never forks the chain.
 */

/** Longest a crashed writer keeps the others waiting; an append holds the lease for milliseconds. */
export const LEASE_MS = 5000;

/** Longest a writer waits for its turn before giving up (the job fails and is retried). */
const MAX_WAIT_MS = 60_000;

/** KEYS: lock, head. ARGV: token, lease ms. Returns {1, head text} when taken, {0} when another writer holds it. */
const ACQUIRE_SCRIPT = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {1, redis.call('GET', KEYS[2]) or ''}
end
return {0}
`;

/** KEYS: lock. ARGV: token. Gives the lease back if it is still this writer's. */
const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
`;

interface LeaseCommands<R> {
  auditLease(lock: string, head: string, token: string, leaseMs: number): R;
  auditRelease(lock: string, token: string): R;
}

type LeasePipeline = ChainableCommander & LeaseCommands<ChainableCommander>;

/** Reads a lease attempt from the replies of its pipeline: the stored head text ('' if none) when taken, else undefined. */
export type LeaseReader = (replies: [Error | null, unknown][]) => string | undefined;

export interface AppendLease {
  /** Takes the lease on `conn` and WATCHes it there; resolves with the stored head text ('' if none). */
  take(): Promise<string>;
  /** Queues one attempt at the lease on `pipeline` (a pipeline of `conn`), to share its round trip. */
  queue(pipeline: ChainableCommander): LeaseReader;
  /** Gives the lease back when no append follows (the append's MULTI deletes the lock itself). */
  release(): Promise<void>;
}

export function appendLease(conn: Redis, keys: AuditKeys): AppendLease {
  if (typeof (conn as unknown as Partial<LeaseCommands<unknown>>).auditLease !== 'function') {
    conn.defineCommand('auditLease', { numberOfKeys: 2, lua: ACQUIRE_SCRIPT });
    conn.defineCommand('auditRelease', { numberOfKeys: 1, lua: RELEASE_SCRIPT });
  }
  const token = randomUUID();
  /** Queues UNWATCH (drops the watch a refused attempt left), the attempt, and WATCH (fences the append if taken). */
  const queue = (pipeline: ChainableCommander) => {
    const p = pipeline as LeasePipeline;
    const at = p.length + 1;
    p.unwatch();
    p.auditLease(keys.lock, keys.head, token, LEASE_MS);
    p.watch(keys.lock);
    return (replies: [Error | null, unknown][]) => {
      for (let i = at - 1; i <= at + 1; i++) if (replies[i][0]) throw replies[i][0];
      const [taken, head] = replies[at][1] as [number, string?];
      return taken === 1 ? (head ?? '') : undefined;
    };
  };
  return {
    queue,
    async take() {
      const started = Date.now();
      for (let pause = 1; ; pause = Math.min(pause * 2, 16)) {
        const p = conn.pipeline();
        const read = queue(p);
        const taken = read((await p.exec()) ?? []);
        if (taken !== undefined) return taken;
        if (Date.now() - started > MAX_WAIT_MS) {
          throw new Error(`audit log ${keys.stream}: no turn to append within ${MAX_WAIT_MS / 1000} s (lock ${keys.lock} held by another writer)`);
        }
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    },
    async release() {
      const p = conn.pipeline() as LeasePipeline;
      p.unwatch();
      p.auditRelease(keys.lock, token);
      await p.exec();
    },
  };
}
