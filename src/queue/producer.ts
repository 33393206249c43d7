import type { JobsOptions, Queue } from 'bullmq';
import type { Declaration } from '../declaration/declaration.js';
import type { Consignment } from '../declaration/record.js';
import { readDeclarations } from '../declaration/read-declarations.js';
import type { InputFormat } from '../declaration/read-lines.js';
import { batchJobId, singleJobId } from './job-ids.js';
import { toDeclarationRecord, type Rejection } from './payload.js';

/** One input record: a declaration to submit (a flat record is one of one item), or why the source cannot be one. */
export type SourceItem =
  { declaration: Declaration } | { consignment: Consignment } | { rejection: Rejection & { line?: number } };

export interface SubmitProgress {
  read: number;
  submitted: number;
  rejected: number;
  jobs: number;
}

export interface SubmitOptions {
  /** Consignments per job; 1 sends single-consignment jobs. */
  batch: number;
  /** Pause reading while the input queue holds more waiting jobs than this. */
  highWater?: number;
  /** Jobs per addBulk round trip. */
  chunkJobs?: number;
  onProgress?: (p: SubmitProgress) => void;
}

const JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 86_400 },
};

/**
 * Streams consignments into the input queue with backpressure: reading waits
 * for each bulk write, and pauses while the queue is deeper than `highWater`
 * so a fast file never floods Redis memory ahead of the workers. Source lines
 * that are not consignments go to the rejected queue, with their reason.
 */
export async function submit(
  items: AsyncIterable<SourceItem>,
  consignments: Queue,
  rejected: Queue,
  opts: SubmitOptions,
): Promise<SubmitProgress> {
  const batch = Math.max(1, opts.batch);
  const chunkJobs = opts.chunkJobs ?? Math.max(1, Math.ceil(2000 / batch));
  const highWater = opts.highWater ?? Math.max(50, Math.ceil(200_000 / batch));
  const progress: SubmitProgress = { read: 0, submitted: 0, rejected: 0, jobs: 0 };
  let pending: Declaration[] = [];
  let chunk: { name: string; data: unknown; opts: JobsOptions }[] = [];
  let bad: { name: string; data: unknown }[] = [];

  const flush = async () => {
    if (chunk.length) {
      await waitBelow(consignments, highWater);
      await consignments.addBulk(chunk);
      progress.jobs += chunk.length;
      progress.submitted += chunk.reduce((n, j) => n + (Array.isArray(j.data) ? j.data.length : 1), 0);
      chunk = [];
    }
    if (bad.length) {
      await rejected.addBulk(bad);
      progress.rejected += bad.length;
      bad = [];
    }
    opts.onProgress?.({ ...progress });
  };
  const closeJob = () => {
    if (pending.length === 0) return;
    // Job ids from declaration keys: an amendment (its own key) is a new job, a resubmitted one is not.
    if (batch === 1) {
      const d = pending[0];
      chunk.push({
        name: 'consignment',
        data: toDeclarationRecord(d),
        opts: { ...JOB_OPTIONS, jobId: singleJobId(d.key) },
      });
    } else {
      chunk.push({
        name: 'batch',
        data: pending.map(toDeclarationRecord),
        opts: { ...JOB_OPTIONS, jobId: batchJobId(pending.map((d) => d.key)) },
      });
    }
    pending = [];
  };

  for await (const item of items) {
    progress.read++;
    if ('rejection' in item) {
      bad.push({ name: 'rejected', data: { source: 'submit', ...item.rejection } });
    } else {
      pending.push('declaration' in item ? item.declaration : flat(item.consignment));
      if (pending.length >= batch) closeJob();
    }
    if (chunk.length >= chunkJobs || bad.length >= 1000) await flush();
  }
  closeJob();
  await flush();
  return progress;
}

/** The declarations of a CSV, NDJSON or WCO XML file, validated as the worker will, keeping each bad record's reason. */
export async function* readSourceFile(file: string, format?: InputFormat): AsyncGenerator<SourceItem> {
  for await (const item of readDeclarations(file, { format })) {
    if ('declaration' in item) {
      if (item.declaration.function === 'cancellation') {
        const d = item.declaration;
        // Sent as a rejection: recorded in the rejected queue with what it cancels, never scored.
        yield {
          rejection: {
            code: 'CANCELLATION_RECORDED',
            reason: `cancellation${d.message ? ` ${d.message}` : ''} of declaration ${d.id}: recorded, not scored`,
            line: item.line,
            id: d.id,
            payload: { id: d.id, function: d.function, ...(d.message ? { message: d.message } : {}) },
          },
        };
      } else yield { declaration: item.declaration };
      continue;
    }
    yield {
      rejection: {
        code: item.error.code,
        reason: item.error.message,
        line: item.line,
        ...(item.id !== undefined ? { id: item.id } : {}),
        payload: item.raw ?? null,
      },
    };
  }
}

/** A consignment a caller built itself: a flat record. */
function flat(c: Consignment): Declaration {
  return { id: c.id, key: c.id, function: 'original', items: [c], flat: true };
}

async function waitBelow(queue: Queue, highWater: number): Promise<void> {
  while ((await queue.getWaitingCount()) > highWater) {
    await new Promise((r) => setTimeout(r, 25));
  }
}
