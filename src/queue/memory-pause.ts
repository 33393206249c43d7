import type { Queue, Worker } from 'bullmq';
import type { Config } from '../config/load.js';
import type { Logger } from '../log.js';
import type { RedisClient } from './connection.js';
import { guardMemory, type MemoryState } from './memory-guard.js';
import type { ScoringSinks } from './scoring-sinks.js';

/**
 * The worker stops taking jobs while Redis memory is near maxmemory (the guard's
 * thresholds), and says so once each way: in the log, to the sinks (metrics,
 * /health). Undelivered decisions count: readers catching up frees that memory.
 */
export function pauseForMemory(
  worker: Worker,
  redis: RedisClient,
  decisions: Queue,
  config: Config,
  logger: Logger,
  sinks: ScoringSinks,
): { stop(): void } {
  const at = (state: MemoryState) => ({ usedBytes: state.usedBytes, maxBytes: state.maxBytes });
  const tell = (state: MemoryState) => {
    for (const sink of sinks.onMemory ?? []) sink(state);
  };
  return guardMemory(redis, {
    high: config.memoryHighPercent / 100,
    low: config.memoryLowPercent / 100,
    intervalMs: config.memoryCheckMs,
    undelivered: () => decisions.getWaitingCount(),
    pause(state) {
      logger.warn(at(state), `not taking jobs: ${state.reason}`);
      void worker.pause(true);
      tell(state);
    },
    resume(state) {
      logger.info(at(state), `taking jobs again: ${state.reason}`);
      worker.resume();
      tell(state);
    },
    fullness(state) {
      // An error once, not a line per refused write: the operator has to act (the worker cannot free memory).
      if (state.full) logger.error(at(state), state.reason!);
      else logger.info(at(state), state.reason!);
      tell(state);
    },
    unavailable(err) {
      logger.warn({ err }, 'INFO refused: Redis memory is not watched (grant +info)');
    },
  });
}
