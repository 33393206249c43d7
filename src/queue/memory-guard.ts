import type { RedisClient } from './connection.js';

/** Where the worker stands on Redis memory, as `/health` and the log show it. */
export interface MemoryState {
  /** Not taking jobs because Redis is close to maxmemory. */
  paused: boolean;
  /** Redis is at maxmemory: it refuses every write, so no job can be taken, decided or completed until memory frees. */
  full?: boolean;
  usedBytes?: number;
  /** 0: no maxmemory set, nothing to guard. */
  maxBytes?: number;
  /** Why the worker pauses (or paused last). */
  reason?: string;
  /** ISO time of the last pause or resume. */
  since?: string;
}

export interface MemoryGuardOptions {
  /** Share of maxmemory at which the worker stops taking jobs (0.9). */
  high: number;
  /** Share at which it takes them again (0.8): below `high`, so it does not flap. */
  low: number;
  intervalMs: number;
  /**
   * How many of the worker's own results wait for their readers (the decisions queue). The worker
   * holds back only while there are some: when input is what fills Redis, deciding it is what lets
   * the readers free it.
   */
  undelivered(): Promise<number>;
  pause(state: MemoryState): void;
  resume(state: MemoryState): void;
  /** Redis reached maxmemory (`state.full`), or has room again: said once each way. */
  fullness(state: MemoryState): void;
  /** INFO failed for good (an ACL without +info): guarding stops, said once. */
  unavailable(err: unknown): void;
}

export interface MemoryGuard {
  state(): MemoryState;
  /** Reads INFO memory once and pauses or resumes (the interval calls it too). */
  check(): Promise<void>;
  stop(): void;
}

/** used_memory and maxmemory from `INFO memory`. */
export function parseInfoMemory(info: string): { usedBytes: number; maxBytes: number } {
  const field = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1] ?? 0);
  return { usedBytes: field('used_memory'), maxBytes: field('maxmemory') };
}

/**
 * Back-pressure before Redis refuses writes. A Redis at maxmemory (with
 * `noeviction`, as BullMQ requires) refuses every write with OOM — taking a
 * job, completing one, committing decisions, and the consumers' reads of the
 * decisions queue too, so memory never frees. The worker stops taking jobs
 * while used_memory is above `high` of maxmemory and decisions wait for their
 * readers, leaving the headroom to the jobs in flight and to the readers, and
 * takes them again below `low`, or once the readers have taken every decision
 * (then input fills Redis, and deciding it is what frees it).
 */
export function guardMemory(redis: RedisClient, opts: MemoryGuardOptions): MemoryGuard {
  let state: MemoryState = { paused: false };
  let stopped = false;
  // Unknown (Redis unreachable): count as undelivered, so the worker does not resume on a guess.
  const undelivered = () => opts.undelivered().catch(() => 1);
  const check = async () => {
    if (stopped) return;
    let info: string;
    try {
      info = await redis.info('memory');
    } catch (e) {
      if (/^NOPERM/.test((e as Error).message)) {
        stopped = true;
        clearInterval(timer);
        opts.unavailable(e);
      }
      // Unreachable: the commits' retries and the reconnecting clients deal with it; read again next time.
      return;
    }
    const reading = parseInfoMemory(info);
    const { usedBytes, maxBytes } = reading;
    const share = maxBytes > 0 ? usedBytes / maxBytes : 0;
    const since = new Date().toISOString();
    const fullness = fullnessChange(state, reading, opts.high, since);
    if (fullness) {
      state = fullness;
      opts.fullness(state);
    }
    const aboveHigh = maxBytes > 0 && share >= opts.high;
    if (!state.paused && aboveHigh && (await undelivered()) > 0) {
      const reason = `Redis used_memory ${mb(usedBytes)} is ${pct(share)} of maxmemory ${mb(maxBytes)} (pause at ${pct(opts.high)}, resume below ${pct(opts.low)} or once the decisions are read): read the decisions queue or raise maxmemory`;
      state = { ...state, paused: true, ...reading, reason, since };
      opts.pause(state);
    } else if (state.paused && (share < opts.low || (await undelivered()) === 0)) {
      const reason =
        share < opts.low
          ? `Redis used_memory is down to ${pct(share)} of maxmemory`
          : `every decision was read (the ${pct(share)} of maxmemory in use is input: deciding it frees it)`;
      state = { ...state, paused: false, ...reading, reason, since };
      opts.resume(state);
    } else {
      state = { ...state, ...reading };
    }
  };
  const timer = setInterval(() => void check(), opts.intervalMs);
  timer.unref();
  return {
    state: () => state,
    check,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}

/**
 * The state once Redis reached maxmemory, or has room again (below `high` of it, or no limit any more), undefined
 * if neither. At maxmemory (noeviction) every write is refused, taking and completing jobs included, and the
 * worker can free nothing: its decisions need memory before the input they replace goes. A producer that adds
 * jobs without pausing on OOM leaves Redis there, full of input, until it stops or maxmemory is raised; the jobs
 * wait in Redis meanwhile, none lost. Below `high` only, so that a Redis hovering at the limit is said once.
 */
export function fullnessChange(
  state: MemoryState,
  reading: { usedBytes: number; maxBytes: number },
  high: number,
  since: string,
): MemoryState | undefined {
  const { usedBytes, maxBytes } = reading;
  if (!state.full && maxBytes > 0 && usedBytes >= maxBytes) {
    const reason = `Redis is at maxmemory (used_memory ${mb(usedBytes)} of ${mb(maxBytes)}): it refuses every write, so jobs can be neither taken nor completed; they wait in Redis, none is lost. If no decision waits for a reader, input fills it: a producer keeps adding jobs without pausing on OOM. Pause it or raise maxmemory`;
    return { ...state, full: true, ...reading, reason, since };
  }
  if (state.full && (maxBytes === 0 || usedBytes < high * maxBytes)) {
    const reason = `Redis has room again (used_memory ${mb(usedBytes)}${maxBytes ? ` of maxmemory ${mb(maxBytes)}` : ', no maxmemory'})`;
    return { ...state, full: false, ...reading, reason, since };
  }
  return undefined;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const pct = (share: number) => `${Math.round(share * 100)} %`;
