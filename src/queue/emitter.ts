import type { Queue } from 'bullmq';
import type { Decision } from '../decision/decision.js';
import type { Rejection } from './payload.js';

/** A decisions job: every decision one input job made, in one bulk write. */
export interface DecisionsJob {
  /** Id of the input job that decided them. */
  source: string;
  decisions: Decision[];
}

/** A rejected job: the reason and the original payload (the whole job's, or one batch record's). */
export interface RejectedJob extends Rejection {
  source: string;
}

/**
 * Writes a job's results. Ids are derived from the input job id and BullMQ's
 * deduplication key outlives the job for the dedupe window, so writing the same
 * results again (a retry after a crash) is a no-op even once a reader consumed them.
 */
export class ResultEmitter {
  constructor(
    private readonly decisions: Queue,
    private readonly rejected: Queue,
    private readonly dedupeTtlMs: number,
  ) {}

  async emit(source: string, decisions: Decision[], rejections: Rejection[]): Promise<void> {
    const writes: Promise<unknown>[] = [];
    if (decisions.length) {
      const id = `d-${source}`;
      const data: DecisionsJob = { source, decisions };
      writes.push(this.decisions.add('decisions', data, this.opts(id)));
    }
    if (rejections.length) {
      writes.push(
        this.rejected.addBulk(
          rejections.map((r) => {
            const id = r.index === undefined ? `r-${source}` : `r-${source}-${r.index}`;
            const data: RejectedJob = { source, ...r };
            return { name: 'rejected', data, opts: this.opts(id) };
          }),
        ),
      );
    }
    await Promise.all(writes);
  }

  private opts(jobId: string) {
    return {
      jobId,
      deduplication: { id: jobId, ttl: this.dedupeTtlMs },
      removeOnComplete: true,
      removeOnFail: true,
    };
  }
}
