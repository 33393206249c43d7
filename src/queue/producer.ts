import type { JobsOptions, Queue } from 'bullmq';
import { TargetingError } from '../errors.js';
import { isTransientRedisError } from './redis-errors.js';
import type { Declaration } from '../declaration/declaration.js';
import type { Consignment } from '../declaration/record.js';
import { readDeclarations } from '../declaration/read-declarations.js';
import type { InputFormat } from '../declaration/read-lines.js';
import { batchJobId, singleJobId } from './job-ids.js';
import { partitionOf } from './partitions.js';
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
  /** Redis memory (INFO memory): read before each bulk; writing waits while it is over `memoryHigh` of maxmemory. */
  memory?: () => Promise<{ usedBytes: number; maxBytes: number }>;
  /** Share of maxmemory above which writing waits (0.9, the workers' pause point). */
  memoryHigh?: number;
  /** How long writing waits for memory before giving up (30 s). */
  memoryWaitMs?: number;
}

/**
 * Redis has no room for more input: submitting stopped, with what went in
 * before (whole jobs, counted one by one when Redis refused a bulk part-way).
 */
export class RedisFullError extends TargetingError {
  constructor(
    readonly progress: SubmitProgress,
    detail: string,
  ) {
    super(
      'REDIS_FULL',
      `Redis is out of memory (${detail}): stopped after ${progress.submitted} consignments in ${progress.jobs} jobs (${progress.read} records read); nothing after them was submitted`,
      { field: 'maxmemory' },
      'let the workers and the decisions readers drain the queues (or raise maxmemory), then run the same command again: consignments already submitted are not decided twice',
    );
  }
}

const JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 86_400 },
};

/** A partition's input queue and the jobs being gathered for it. */
interface Lane {
  queue: Queue;
  pending: Declaration[];
  chunk: { name: string; data: unknown; opts: JobsOptions }[];
}

/**
 * Streams consignments into the input queue with backpressure: reading waits
 * for each bulk write, and pauses while the queue is deeper than `highWater`
 * so a fast file never floods Redis memory ahead of the workers. Source lines
 * that are not consignments go to the rejected queue, with their reason.
 * Given one input queue per partition, each consignment goes to its id's
 * partition (partitions.ts partitionOf), batched with the others of that partition.
 */
export async function submit(
  items: AsyncIterable<SourceItem>,
  consignments: Queue | readonly Queue[],
  rejected: Queue,
  opts: SubmitOptions,
): Promise<SubmitProgress> {
  const batch = Math.max(1, opts.batch);
  const chunkJobs = opts.chunkJobs ?? Math.max(1, Math.ceil(2000 / batch));
  const highWater = opts.highWater ?? Math.max(50, Math.ceil(200_000 / batch));
  const progress: SubmitProgress = { read: 0, submitted: 0, rejected: 0, jobs: 0 };
  const lanes: Lane[] = (Array.isArray(consignments) ? consignments : [consignments as Queue]).map((queue) => ({
    queue,
    pending: [],
    chunk: [],
  }));
  let bad: { name: string; data: unknown }[] = [];

  /** `refused`: what of the bulk went in before Redis refused the rest, to count it. */
  const write = async (what: () => Promise<unknown>, refused?: () => Promise<void>) => {
    if (opts.memory) await waitForMemory(opts.memory, opts.memoryHigh ?? 0.9, opts.memoryWaitMs ?? 30_000, progress);
    try {
      await what();
    } catch (e) {
      if (isTransientRedisError(e) && /OOM|EXECABORT/.test((e as Error).message)) {
        await refused?.();
        throw new RedisFullError({ ...progress }, (e as Error).message.split('\n')[0]);
      }
      throw e;
    }
  };
  const counted = (jobs: Lane['chunk']) => {
    progress.jobs += jobs.length;
    progress.submitted += jobs.reduce((n, j) => n + (Array.isArray(j.data) ? j.data.length : 1), 0);
  };
  const flush = async (lane: Lane) => {
    if (lane.chunk.length) {
      await waitBelow(lane.queue, highWater);
      const jobs = lane.chunk;
      // OOM as the MULTI is queued aborts all of it (EXECABORT); OOM inside one job's script leaves the jobs
      // before it in: those are found by their ids and counted, so what submit says went in is what did.
      await write(
        () => lane.queue.addBulk(jobs),
        async () => {
          const states = await Promise.all(jobs.map((j) => lane.queue.getJobState(j.opts.jobId!)));
          counted(jobs.filter((_, i) => states[i] !== 'unknown'));
        },
      );
      counted(jobs);
      lane.chunk = [];
    }
    if (bad.length) {
      const jobs = bad;
      await write(() => rejected.addBulk(jobs));
      progress.rejected += bad.length;
      bad = [];
    }
    opts.onProgress?.({ ...progress });
  };
  const closeJob = (lane: Lane) => {
    const { pending } = lane;
    if (pending.length === 0) return;
    // Job ids from declaration keys: an amendment (its own key) is a new job, a resubmitted one is not.
    if (batch === 1) {
      const d = pending[0];
      lane.chunk.push({
        name: 'consignment',
        data: toDeclarationRecord(d),
        opts: { ...JOB_OPTIONS, jobId: singleJobId(d.key) },
      });
    } else {
      lane.chunk.push({
        name: 'batch',
        data: pending.map(toDeclarationRecord),
        opts: { ...JOB_OPTIONS, jobId: batchJobId(pending.map((d) => d.key)) },
      });
    }
    lane.pending = [];
  };

  for await (const item of items) {
    progress.read++;
    let lane = lanes[0];
    if ('rejection' in item) {
      bad.push({ name: 'rejected', data: { source: 'submit', ...item.rejection } });
    } else {
      const declaration = 'declaration' in item ? item.declaration : flat(item.consignment);
      // Routed by the declaration id (partitions.ts): an amendment lands beside its original.
      if (lanes.length > 1) lane = lanes[partitionOf(declaration.id, lanes.length)];
      lane.pending.push(declaration);
      if (lane.pending.length >= batch) closeJob(lane);
    }
    if (lane.chunk.length >= chunkJobs || bad.length >= 1000) await flush(lane);
  }
  for (const lane of lanes) {
    closeJob(lane);
    await flush(lane);
  }
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

async function waitForMemory(
  read: NonNullable<SubmitOptions['memory']>,
  high: number,
  waitMs: number,
  progress: SubmitProgress,
): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const { usedBytes, maxBytes } = await read();
    if (maxBytes === 0 || usedBytes < high * maxBytes) return;
    if (Date.now() > deadline) {
      const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
      throw new RedisFullError(
        { ...progress },
        `used_memory ${mb(usedBytes)} of maxmemory ${mb(maxBytes)} for over ${Math.round(waitMs / 1000)} s`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
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
