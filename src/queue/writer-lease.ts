import { randomUUID } from 'node:crypto';
import type { ChainableCommander, Cluster, Redis, RedisOptions } from 'ioredis';
import { execReleased, type Replies } from './released-pipeline.js';

/**
 * Writers take turns. A worker commits its results holding the lease from the
 * moment it reads the state it decides on (which consignment ids are decided
 * already, the audit chain's head) to the MULTI that writes the results and
 * gives the lease back: what it read cannot change meanwhile, so nothing is
 * decided twice and the audit chain stays one line. A turn lasts a few
 * milliseconds. (Optimistic writes instead, redone when another writer got
 * there first, made two busy workers redo about a third of their audit appends.)
 *
 * The lease is fenced by WATCH: the writer's MULTI fails if the lock key
 * changed after the lease was taken (it expired and another writer took it),
 * so a writer stalled past its lease never writes on stale reads.
 */

/**
 * Options for the connection a writer takes the lease and writes on. No
 * resending after a reconnect: a MULTI resent on a new connection would run
 * without the lease's WATCH, or twice if the first one ran. ioredis then drops
 * the commands left unanswered instead, without settling them: `send` fails
 * them when the connection closes, the timeout is the backstop. The job is
 * retried, and reads under a new lease what was written.
 */
export const COMMIT_CONNECTION: RedisOptions = { autoResendUnfulfilledCommands: false, commandTimeout: 10_000 };

/** Longest a crashed writer keeps the others waiting. */
const LEASE_MS = 5000;

/** Longest a writer waits for its turn before giving up (the job fails and is retried). */
const MAX_WAIT_MS = 60_000;

/**
 * KEYS: lock, head. ARGV: token, lease ms. Returns {1, head text} when taken,
 * {0} when another writer holds it. Taking it again with the same token renews
 * it: a writer whose connection dropped need not wait out its own lease.
 */
const TAKE_SCRIPT = `
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return {0} end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return {1, redis.call('GET', KEYS[2]) or ''}
`;

/** KEYS: lock. ARGV: token. Gives the lease back if it is still this writer's. */
const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
`;

interface LeaseCommands<R> {
  writerLeaseTake(lock: string, head: string, token: string, leaseMs: number): R;
  writerLeaseRelease(lock: string, token: string): R;
}

type LeasePipeline = ChainableCommander & LeaseCommands<ChainableCommander>;

/** The writer's MULTI was refused: its lease expired and another writer took it. Read again under a new one. */
export class LeaseLost extends Error {
  constructor(lock: string) {
    super(`the writers' lease ${lock} expired before the write and another writer took it`);
    this.name = 'LeaseLost';
  }
}

export interface LeaseKeys {
  lock: string;
  /** Read when the lease is taken (the audit chain's head); none: the turn's head is ''. */
  head?: string;
}

/**
 * What the writer reads under the lease: queued on the pipeline right after
 * the attempt, read from its replies only when the lease was taken.
 */
export type UnderLease<T> = (pipeline: ChainableCommander) => (replies: Replies) => T;

export interface Turn<T> {
  /** The head key's text ('' if none) when the lease was taken. */
  head: string;
  read: T;
}

/** One writer's lease: its holder writes one thing at a time (the committer's commits are serialized). */
export interface WriterLease {
  readonly lock: string;
  /** Sends a pipeline or MULTI of the lease's connection; fails if the connection closes before the replies. */
  send(pipeline: ChainableCommander): Promise<Replies>;
  /**
   * The holder's write: one MULTI opened with `open` (on the lease's connection),
   * the writes `build` queues, and the lease's release. Sent only if the lease
   * taken last is still fenced — its WATCH lives on the connection, and after a
   * reconnect a MULTI would run unwatched. False when the lease was lost
   * (expired and another writer took it, or the connection reconnected): nothing
   * was written; read again under a new lease. If `build` fails, the lease is
   * given back; if a command of the MULTI fails, this throws.
   */
  write(open: () => ChainableCommander, build: (tx: ChainableCommander) => void | Promise<void>): Promise<boolean>;
  /** One attempt on `pipeline` (of the lease's connection), with `reads` queued after it; undefined from the replies when another writer holds the lease. */
  attempt<T>(pipeline: ChainableCommander, reads?: UnderLease<T>): (replies: Replies) => Turn<T> | undefined;
  /** Attempts until the lease is taken (short pauses between), then reads under it. */
  take<T>(reads?: UnderLease<T>): Promise<Turn<T>>;
  /** Gives the lease back when no write follows. */
  release(): Promise<void>;
}

export function writerLease(conn: Redis | Cluster, keys: LeaseKeys): WriterLease {
  if (typeof (conn as unknown as Partial<LeaseCommands<unknown>>).writerLeaseTake !== 'function') {
    conn.defineCommand('writerLeaseTake', { numberOfKeys: 2, lua: TAKE_SCRIPT });
    conn.defineCommand('writerLeaseRelease', { numberOfKeys: 1, lua: RELEASE_SCRIPT });
  }
  const token = randomUUID();
  let connects = 0;
  let takenOn = -1;
  conn.on('ready', () => connects++);
  const attempt = <T>(pipeline: ChainableCommander, reads?: UnderLease<T>) => {
    const p = pipeline as LeasePipeline;
    const at = p.length + 1;
    // UNWATCH drops the watch a refused attempt left; WATCH right after a taken lease fences the write.
    p.unwatch();
    p.writerLeaseTake(keys.lock, keys.head ?? keys.lock, token, LEASE_MS);
    p.watch(keys.lock);
    const read = reads?.(pipeline);
    return (replies: Replies): Turn<T> | undefined => {
      for (let i = at - 1; i <= at + 1; i++) if (replies[i][0]) throw replies[i][0];
      const [taken, head] = replies[at][1] as [number, string?];
      if (taken !== 1) return undefined;
      takenOn = connects;
      return { head: keys.head === undefined ? '' : (head ?? ''), read: read?.(replies) as T };
    };
  };
  const send = (pipeline: ChainableCommander) =>
    new Promise<Replies>((resolve, reject) => {
      const closed = () =>
        reject(new Error(`connection closed before the replies to a write under ${keys.lock}: the job is retried`));
      conn.once('close', closed);
      execReleased(pipeline).then(
        (replies) => {
          conn.off('close', closed);
          resolve((replies ?? null) as Replies);
        },
        (e: unknown) => {
          conn.off('close', closed);
          reject(e);
        },
      );
    });
  const fenced = () => takenOn === connects && conn.status === 'ready';
  const release = async () => {
    const p = conn.pipeline() as LeasePipeline;
    p.unwatch();
    p.writerLeaseRelease(keys.lock, token);
    await execReleased(p);
  };
  return {
    lock: keys.lock,
    send,
    async write(open, build) {
      const tx = open();
      try {
        await build(tx);
      } catch (e) {
        await release();
        throw e;
      }
      // No token comparison needed: the WATCH on the lock refuses this MULTI if the lease is no longer ours.
      tx.del(keys.lock);
      const replies = fenced() ? ((await send(tx)) as Replies | null) : null;
      if (replies === null) return false;
      for (const [err] of replies) if (err) throw err;
      return true;
    },
    attempt,
    async take<T>(reads?: UnderLease<T>): Promise<Turn<T>> {
      const started = Date.now();
      // Turns last a few milliseconds: short pauses, or the waiter idles long after the turn came free.
      for (let pause = 1; ; pause = Math.min(pause + 1, 4)) {
        // Attempts while another writer holds the lease leave the reads out (Redis would answer them for
        // nothing: two SMISMEMBERs of a batch's 500 ids each); the turn taken, they follow in a round trip of their own.
        const p = conn.pipeline();
        const turn = attempt<T>(p)(await send(p));
        if (turn && reads) {
          const r = conn.pipeline();
          const read = reads(r);
          return { head: turn.head, read: read(await send(r)) };
        }
        if (turn) return turn;
        if (Date.now() - started > MAX_WAIT_MS) {
          throw new Error(`no turn to write within ${MAX_WAIT_MS / 1000} s (lock ${keys.lock} held by another writer)`);
        }
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    },
    release,
  };
}
