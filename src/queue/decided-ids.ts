import type { ChainableCommander } from 'ioredis';
import { ownKey } from './names.js';
import type { Replies } from './released-pipeline.js';
import type { UnderLease } from './writer-lease.js';

/**
 * Which consignment ids have their decision already, within the dedupe window:
 * one Redis set per window-long time bucket; the current and the previous
 * bucket are read, the current one written, so an id is remembered for one
 * to two windows and memory stays bounded.
 *
 * Exactly once rests on the writers' lease (writer-lease.ts): a committing
 * worker reads the sets in the pipeline that takes the lease and adds its
 * ids in the MULTI that gives it back, so no other worker decides the same id
 * in between; a job re-run after a crash finds its ids decided if its MULTI
 * ran, and decides them if it did not. Plain commands, no script: SMISMEMBER
 * and SADD cost a fraction of a microsecond per id (an id-by-id Lua script cost
 * two, the most expensive work Redis did per batch consignment).
 */
export interface DecidedIds {
  /** Reads, under the lease, which of `ids` are decided (true) in either bucket. */
  lookup(ids: string[]): UnderLease<boolean[]>;
  /** Queues, in the committing MULTI, that `ids` are decided. */
  markDecided(tx: ChainableCommander, ids: string[]): void;
}

export function decidedIds(prefix: string, queue: string, windowS: number, now: () => number = Date.now): DecidedIds {
  const key = (bucket: number) => ownKey(prefix, queue, 'decided', String(bucket));
  const bucketNow = () => Math.floor(now() / 1000 / windowS);
  return {
    lookup: (ids) => (pipeline) => {
      if (ids.length === 0) return () => [];
      const at = pipeline.length;
      const bucket = bucketNow();
      pipeline.smismember(key(bucket), ...ids);
      pipeline.smismember(key(bucket - 1), ...ids);
      return (replies: Replies) => {
        const [[errNow, inNow], [errBefore, inBefore]] = [replies[at], replies[at + 1]];
        if (errNow || errBefore) throw errNow ?? errBefore;
        return ids.map((_, i) => (inNow as number[])[i] === 1 || (inBefore as number[])[i] === 1);
      };
    },
    markDecided(tx, ids) {
      if (ids.length === 0) return;
      const current = key(bucketNow());
      tx.sadd(current, ...ids);
      tx.expire(current, windowS * 2);
    },
  };
}
