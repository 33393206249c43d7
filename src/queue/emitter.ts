import type { JobsOptions, Queue } from 'bullmq';
import type { AuditRecord } from '../audit/record.js';
import type { Consignment } from '../declaration/record.js';
import type { Decision } from '../decision/decision.js';
import { waitForReplicas, type Committer, type Durability } from './commit.js';
import type { RedisClient } from './connection.js';
import { groupCommit } from './group-commit.js';
import type { Rejection } from './payload.js';

export type { DecisionsJob } from './commit.js';

/** A rejected job: the reason and the original payload (the whole job's, or one batch record's). */
export interface RejectedJob extends Rejection {
  /** Input job id, or "submit" for a file record `targeting submit` refused. */
  source: string;
  /** The record's line in the submitted file (submit only). */
  line?: number;
}

/** One input job's results, as the emitter commits them. */
export interface JobResults {
  /** Input job id. */
  source: string;
  /** Consignment ids of the job's decisions, in order. */
  ids: string[];
  rejections: Rejection[];
  /**
   * Given the indexes (into `ids`) of the consignments this job decides (not
   * decided before, nor by an earlier job of its group), what it emits and audits.
   */
  own(owned: number[]): OwnedResults;
}

export interface OwnedResults {
  /** The decisions as made: what the audit trail records and sinks see. */
  decisions: Decision[];
  /** The same consignments as received, in order. */
  consignments: Consignment[];
  /** Their hashes (audit/record.ts consignmentHash), computed before the commit, when there is an audit log. */
  consignmentHashes?: string[];
  /** The decisions as written to the decisions queue (purpose limitation may leave fields out). */
  emitted: Decision[];
  /** Their audit records once committed (their place in the chain), when there is an audit log. */
  auditRecords?: AuditRecord[];
}

export interface EmitterOptions {
  /** Writes decisions, decided ids and audit records (commit.ts). */
  committer: Committer;
  rejected: Queue;
  dedupeTtlMs: number;
  /** Rejections wait for the replicas too: `connection` is the rejected queue's. */
  durability?: Durability & { connection: RedisClient };
  /** Keeps the owned consignments (id-only inspection feedback) before their decisions go out. */
  remember?: (consignments: Consignment[]) => Promise<void>;
}

/**
 * One input job's results into Redis: its decisions through the committer,
 * its rejections as jobs whose ids derive from the input job, with a BullMQ
 * deduplication key that outlives them for the dedupe window (writing them
 * again is a no-op). Rejections of jobs finishing together go in one bulk.
 */
export class ResultEmitter {
  private readonly reject: (jobs: RejectedBulk) => Promise<void>;

  constructor(private readonly o: EmitterOptions) {
    this.reject = groupCommit<RejectedBulk, void>(async (groups) => {
      await o.rejected.addBulk(groups.flat());
      if (o.durability) await waitForReplicas(o.durability.connection, o.rejected.toKey('id'), o.durability);
      return groups.map(() => undefined);
    });
  }

  /** Resolves once the job's decisions and rejections are written, with what it decided. */
  async emit(results: JobResults): Promise<OwnedResults> {
    if (results.ids.length === 0 && results.rejections.length === 0) return results.own([]);
    const [owned] = await Promise.all([this.commitDecisions(results), this.writeRejections(results)]);
    return owned;
  }

  private async commitDecisions(results: JobResults): Promise<OwnedResults> {
    if (results.ids.length === 0) return results.own([]);
    const { committer, remember } = this.o;
    const audited = committer.auditKeys !== undefined;
    let owned: OwnedResults | undefined;
    const records = await committer.commit({
      ids: results.ids,
      own: async (indexes) => {
        const o = (owned = results.own(indexes));
        if (remember && o.consignments.length > 0) await remember(o.consignments);
        return {
          emit: { source: results.source, decisions: o.emitted },
          ...(audited
            ? {
                audit: o.decisions.map((decision, i) =>
                  o.consignmentHashes
                    ? { decision, consignmentHash: o.consignmentHashes[i] }
                    : { decision, consignment: o.consignments[i] },
                ),
              }
            : {}),
        };
      },
    });
    if (audited) owned!.auditRecords = records;
    return owned!;
  }

  private async writeRejections(results: JobResults): Promise<void> {
    if (results.rejections.length === 0) return;
    await this.reject(
      results.rejections.map((r) => {
        const id = r.index === undefined ? `r-${results.source}` : `r-${results.source}-${r.index}`;
        const data: RejectedJob = { source: results.source, ...r };
        return { name: 'rejected', data, opts: this.opts(id) };
      }),
    );
  }

  private opts(jobId: string): JobsOptions {
    return { jobId, deduplication: { id: jobId, ttl: this.o.dedupeTtlMs }, removeOnComplete: true, removeOnFail: true };
  }
}

type RejectedBulk = { name: string; data: RejectedJob; opts: JobsOptions }[];
