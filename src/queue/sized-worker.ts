import { Job, Worker, type WorkerOptions } from 'bullmq';
import { jsonTooDeep } from './payload-bounds.js';
import { tooDeep, tooLarge, type PayloadLimits, type Rejection } from './payload.js';

/** What the worker learnt from a job's raw JSON before BullMQ parsed it. */
export interface RawPayload {
  /** Size of the serialized payload in bytes (0 when BullMQ gave no text). */
  bytes: number;
  /** The whole payload refused (too large, too deep): the job carries `null` data instead. */
  refused?: Rejection;
}

export type SizedProcessor<R> = (job: Job, raw: RawPayload) => Promise<R>;

/**
 * A Worker that reads each job's serialized payload before BullMQ does:
 * createJob is handed the raw JSON, the one place its size is free to read and
 * the last place a payload too large or too deep can be refused before Job
 * parses it (10 MB parsed for nothing) or serializes it again (a stack
 * overflow at 10,000 levels that fails the rejection's whole commit group).
 */
export class SizedWorker<R> extends Worker {
  private readonly raw = new WeakMap<Job, RawPayload>();

  constructor(
    name: string,
    processor: SizedProcessor<R>,
    private readonly limits: PayloadLimits,
    opts: WorkerOptions,
  ) {
    super(name, (job: Job) => processor(job, this.raw.get(job) ?? { bytes: 0 }), opts);
  }

  protected override createJob(data: Parameters<Worker['createJob']>[0], jobId: string): Job {
    const text = (data as { data?: unknown }).data;
    if (typeof text !== 'string') return super.createJob(data, jobId);
    const bytes = Buffer.byteLength(text);
    const refused =
      bytes > this.limits.maxPayloadBytes
        ? tooLarge(bytes, this.limits, text)
        : jsonTooDeep(text)
          ? tooDeep(text)
          : undefined;
    const job = super.createJob(refused ? { ...data, data: 'null' } : data, jobId);
    this.raw.set(job, refused ? { bytes, refused } : { bytes });
    return job;
  }
}
