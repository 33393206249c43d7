import type { JobsOptions, Queue } from 'bullmq';
import type { Decision } from '../decision/decision.js';
import { groupCommit } from './group-commit.js';
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

interface Emission {
  source: string;
  decisions: Decision[];
  rejections: Rejection[];
}

/**
 * Writes jobs' results. Ids are derived from the input job id and BullMQ's
 * deduplication key outlives the job for the dedupe window, so writing the same
 * results again (a retry after a crash) is a no-op even once a reader consumed
 * them. Concurrent jobs' results share one addBulk per queue (group commit).
 */
export class ResultEmitter {
  private readonly write: (e: Emission) => Promise<void>;

  constructor(
    private readonly decisions: Queue,
    private readonly rejected: Queue,
    private readonly dedupeTtlMs: number,
  ) {
    this.write = groupCommit<Emission, void>(async (group) => {
      await Promise.all([this.writeDecisions(group), this.writeRejections(group)]);
      return group.map(() => undefined);
    });
  }

  emit(source: string, decisions: Decision[], rejections: Rejection[]): Promise<void> {
    if (decisions.length === 0 && rejections.length === 0) return Promise.resolve();
    return this.write({ source, decisions, rejections });
  }

  private async writeDecisions(group: Emission[]): Promise<void> {
    const jobs = group
      .filter((e) => e.decisions.length)
      .map((e) => {
        const data: DecisionsJob = { source: e.source, decisions: e.decisions };
        return { name: 'decisions', data, opts: this.opts(`d-${e.source}`) };
      });
    if (jobs.length) await this.decisions.addBulk(jobs);
  }

  private async writeRejections(group: Emission[]): Promise<void> {
    const jobs = group.flatMap((e) =>
      e.rejections.map((r) => {
        const id = r.index === undefined ? `r-${e.source}` : `r-${e.source}-${r.index}`;
        const data: RejectedJob = { source: e.source, ...r };
        return { name: 'rejected', data, opts: this.opts(id) };
      }),
    );
    if (jobs.length) await this.rejected.addBulk(jobs);
  }

  private opts(jobId: string): JobsOptions {
    return { jobId, deduplication: { id: jobId, ttl: this.dedupeTtlMs }, removeOnComplete: true, removeOnFail: true };
  }
}
