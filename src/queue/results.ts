import { randomUUID } from 'node:crypto';
import { Worker, type ConnectionOptions } from 'bullmq';
import type { Decision } from '../decision/decision.js';
import type { DecisionsJob, RejectedJob } from './emitter.js';

import { retryTransient } from './transient-retry.js';

export interface ReadQueueOptions<T> {
  connection: ConnectionOptions;
  prefix: string;
  queue: string;
  /** Keep waiting for new jobs instead of stopping once the queue is empty. */
  follow: boolean;
  /** Called for each item; the job is acknowledged only after every write resolved. */
  write: (item: T) => void | Promise<void>;
  signal?: AbortSignal;
  /** Sees the reading worker before it reads (its 'error' events: refusals for good, lost connections). */
  onWorker?: (worker: Worker) => void;
}

export type ReadResultsOptions = ReadQueueOptions<Decision>;

/** Consumes the decisions queue (a job carries the decisions of one input job). */
export function readResults(opts: ReadResultsOptions): Promise<number> {
  return readQueue(opts, (data: DecisionsJob) => data.decisions ?? []);
}

/** Consumes the rejected queue (a job carries one rejection). */
export function readRejected(opts: ReadQueueOptions<RejectedJob>): Promise<number> {
  return readQueue(opts, (data: RejectedJob) => [data]);
}

/**
 * Consumes a queue: each job's items are written out, then the job is
 * acknowledged (and removed). A reader that dies between the two re-reads
 * that job on the next run: at least once, like every consumer of a queue.
 * Returns how many items were written.
 */
async function readQueue<T, J>(opts: ReadQueueOptions<T>, items: (data: J) => readonly T[]): Promise<number> {
  const worker = new Worker(opts.queue, null, {
    connection: opts.connection,
    prefix: opts.prefix,
    autorun: false,
    drainDelay: 1,
  });
  if (opts.onWorker) opts.onWorker(worker);
  // Lost connections are retried by the worker's client; without a listener each would be printed with its command.
  else worker.on('error', () => undefined);
  const token = randomUUID();
  let count = 0;
  try {
    while (!opts.signal?.aborted) {
      // Taking a job is a write: refused while Redis is full (OOM) or restarting, retried until it passes.
      const job = await retryTransient(() => worker.getNextJob(token, { block: opts.follow }));
      if (!job) {
        if (!opts.follow) break;
        continue;
      }
      for (const item of items(job.data as J)) {
        await opts.write(item);
        count++;
      }
      await retryTransient(() => job.moveToCompleted('written', token, false));
    }
  } finally {
    await worker.close();
  }
  return count;
}
