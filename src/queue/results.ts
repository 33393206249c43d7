import { randomUUID } from 'node:crypto';
import { Worker, type ConnectionOptions } from 'bullmq';
import type { Decision } from '../decision/decision.js';
import type { DecisionsJob } from './emitter.js';
import { retryTransient } from './transient-retry.js';

export interface ReadResultsOptions {
  connection: ConnectionOptions;
  prefix: string;
  queue: string;
  /** Keep waiting for new decisions instead of stopping once the queue is empty. */
  follow: boolean;
  /** Called for each decision; the job is acknowledged only after every write resolved. */
  write: (d: Decision) => void | Promise<void>;
  signal?: AbortSignal;
  /** Sees the reading worker before it reads (its 'error' events: refusals for good, lost connections). */
  onWorker?: (worker: Worker) => void;
}

/**
 * Consumes the decisions queue: each decisions job is written out, then
 * acknowledged (and removed). A reader that dies between the two re-reads
 * that job on the next run: at least once, like every consumer of a queue.
 * Returns how many decisions were written.
 */
export async function readResults(opts: ReadResultsOptions): Promise<number> {
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
      const data = job.data as DecisionsJob;
      for (const d of data.decisions ?? []) {
        await opts.write(d);
        count++;
      }
      await retryTransient(() => job.moveToCompleted('written', token, false));
    }
  } finally {
    await worker.close();
  }
  return count;
}
