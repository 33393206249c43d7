import type { ChainableCommander } from 'ioredis';

export type Replies = [Error | null, unknown][];

/**
 * Runs a pipeline or MULTI, then empties the ioredis object once ioredis has
 * settled it: its commands, their arguments, the replies and the promise
 * awaited on them are let go at once, not at the next full collection.
 *
 * Why: ioredis defines an own `length` accessor on every Pipeline, with a
 * getter that closes over the pipeline. V8 keeps an object with such an
 * accessor reachable from its old generation, where garbage counts as alive in
 * a young collection (a scavenge): every pipeline made since the last full
 * collection was copied by each scavenge, with everything it reached, until it
 * was promoted. At 1,000 jobs/s that was 1.7 MB promoted per scavenge and 4-5 ms
 * pauses (docs/benchmarks.md; a getter on the prototype would not do this).
 * Emptied, a pipeline is a shell of a few hundred bytes.
 *
 * Only after ioredis settles the promise: until then its reply handlers use the
 * pipeline's queue (a pipeline cut off by a closed connection may never settle,
 * and is left as it is).
 */
export function execReleased(pipeline: ChainableCommander): Promise<Replies | null> {
  const release = () => {
    const fields = pipeline as unknown as Record<string, unknown>;
    for (const key of Object.keys(fields)) fields[key] = undefined;
  };
  return pipeline.exec().finally(release) as Promise<Replies | null>;
}
