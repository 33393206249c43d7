import { isTransientRedisError } from './redis-errors.js';

export interface TransientRetryOptions {
  /** Called before each pause: attempt 1 is the first retry. */
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
  /** First pause; doubled each attempt up to `maxDelayMs`, with jitter so retrying jobs do not march in step. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Which transient errors to wait out (default: all); the others are thrown. */
  retryable?: (err: unknown) => boolean;
  /** Tries before the last error is thrown (default: no limit). */
  attempts?: number;
}

/**
 * Runs `fn` until it succeeds or fails for a reason that is not transient.
 * A transient Redis error (connection lost, OOM, LOADING, READONLY, TRYAGAIN,
 * CLUSTERDOWN…) is waited out whatever attempts a job carries: the job stays
 * active meanwhile and BullMQ keeps extending its lock, so no other worker
 * takes it over and its producer's `attempts` are not spent on Redis' faults.
 * A commit is safe to repeat: it reads under the lease what the last try wrote.
 */
export async function retryTransient<T>(fn: () => Promise<T>, opts: TransientRetryOptions = {}): Promise<T> {
  const base = opts.baseDelayMs ?? 50;
  const max = opts.maxDelayMs ?? 2000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!(opts.retryable ?? isTransientRedisError)(e) || attempt === opts.attempts) throw e;
      const delayMs = Math.round(Math.min(max, base * 2 ** Math.min(attempt - 1, 20)) * (0.5 + Math.random() / 2));
      opts.onRetry?.(e, attempt, delayMs);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
