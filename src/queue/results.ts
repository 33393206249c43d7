import { randomUUID } from 'node:crypto';
import { Worker, type ConnectionOptions } from 'bullmq';
import type { Decision } from '../decision/decision.js';
import type { DecisionsJob, RejectedJob } from './emitter.js';

export interface ReadQueueOptions<T> {
  connection: ConnectionOptions;
  prefix: string;
  queue: string;
  /** Keep waiting for new jobs instead of stopping once the queue is empty. */
  follow: boolean;
  /** Called for each item; the job is acknowledged only after every write resolved. */
  write: (item: T) => void | Promise<void>;
  signal?: AbortSignal;
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
  const token = randomUUID();
  let count = 0;
  try {
    while (!opts.signal?.aborted) {
      const job = await worker.getNextJob(token, { block: opts.follow });
      if (!job) {
        if (!opts.follow) break;
        continue;
      }
      for (const item of items(job.data as J)) {
        await opts.write(item);
        count++;
      }
      await job.moveToCompleted('written', token, false);
    }
  } finally {
    await worker.close();
  }
  return count;
}
