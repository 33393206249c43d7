import { Job, Worker, type WorkerOptions } from 'bullmq';
import type { RedisClient } from './connection.js';
import { jsonTooDeep } from './payload-bounds.js';
import { tooDeep, tooLarge, type PayloadLimits, type Rejection } from './payload.js';
import type { ScoredPayload } from './scoring-processor.js';
import { UnnamedJobsWorker } from './unnamed-jobs.js';

/** What the worker learnt from a job's raw JSON before BullMQ parsed it. */
export interface RawPayload {
  /** Size of the serialized payload in bytes (0 when BullMQ gave no text). */
  bytes: number;
  /** The serialized payload, kept while the job runs: a rejection may need its start and hash. */
  text?: string;
  /** The whole payload refused before parsing (too large): the job carries `null` data instead. */
  refused?: Rejection;
  /** The job's id, escaped, when BullMQ cannot name it (unnamed-jobs.ts): `job.id` is then a lossy decoding. */
  jobId?: string;
}

export type SizedProcessor<R> = (job: Job, raw: RawPayload) => Promise<R>;

/**
 * A Worker that reads each job's serialized payload before BullMQ does:
 * createJob is handed the raw JSON, the one place its size is free to read
 * and the last place a payload too large can be refused before Job parses it
 * (10 MB parsed for nothing). Depth is safe to leave to later: JSON.parse does
 * not recurse, validation measures depth iteratively, and only a rejection
 * ever serializes a payload again (see refuseTooDeep). A job whose id BullMQ
 * cannot name is run the same way and finished by the worker (UnnamedJobsWorker).
 */
export class SizedWorker<R> extends UnnamedJobsWorker<R> {
  private readonly raw = new WeakMap<Job, RawPayload>();

  constructor(
    name: string,
    processor: SizedProcessor<R>,
    private readonly limits: PayloadLimits,
    opts: WorkerOptions & { connection: RedisClient },
  ) {
    super(
      name,
      (job, jobId) => {
        const raw = this.raw.get(job) ?? { bytes: 0 };
        return processor(job, jobId ? { ...raw, jobId } : raw);
      },
      opts.connection,
      opts,
    );
  }

  protected override createJob(data: Parameters<Worker['createJob']>[0], jobId: string): Job {
    const text = (data as { data?: unknown }).data;
    if (typeof text !== 'string') return super.createJob(data, jobId);
    const bytes = Buffer.byteLength(text);
    if (bytes > this.limits.maxPayloadBytes) {
      const job = super.createJob({ ...data, data: 'null' }, jobId);
      this.raw.set(job, { bytes, refused: tooLarge(bytes, this.limits, text) });
      return job;
    }
    const job = super.createJob(data, jobId);
    this.raw.set(job, { bytes, text });
    return job;
  }
}

/**
 * A payload nothing of which could be decided and that nests deeper than any
 * consignment (10,000 levels in a built-in field, the id or the top level) is
 * refused whole, keeping its start and hash: its records' own rejections
 * would each carry a marker instead of what was sent. Measured only when the
 * job was rejected, so valid jobs never pay for the scan.
 */
export function refuseTooDeep(scored: ScoredPayload, raw: RawPayload): ScoredPayload {
  if (scored.rejections.length === 0 || scored.consignments.length > 0 || !raw.text) return scored;
  if (!jsonTooDeep(raw.text)) return scored;
  return { ids: [], decisions: [], consignments: [], rejections: [tooDeep(raw.text)] };
}
