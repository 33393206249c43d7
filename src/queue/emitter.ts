import { Job, type JobsOptions, type Queue } from 'bullmq';
import type { ChainableCommander } from 'ioredis';
import type { AuditItem, AuditLog } from '../audit/stream-log.js';
import type { Decision } from '../decision/decision.js';
import type { Claims } from './claims.js';
import { groupCommit } from './group-commit.js';
import type { Rejection } from './payload.js';

/** A decisions job: the decisions of one or more input jobs, written in one bulk. */
export interface DecisionsJob {
  /** Ids of the input jobs that made them. */
  sources: string[];
  decisions: Decision[];
}

/** A rejected job: the reason and the original payload (the whole job's, or one batch record's). */
export interface RejectedJob extends Rejection {
  /** Input job id, or "submit" for a file record `targeting submit` refused. */
  source: string;
  /** The record's line in the submitted file (submit only). */
  line?: number;
}

interface Emission {
  source: string;
  decisions: Decision[];
  rejections: Rejection[];
  /** What the audit trail records of these decisions (the consignments as received). */
  audit: AuditItem[];
}

/**
 * Writes jobs' results. The decisions of concurrent jobs go out as one decisions
 * job, in a MULTI that also marks those jobs as having emitted (claims) and, with
 * an audit log, appends their audit records: a decision is written exactly once
 * whatever crashes around it, and never without its audit record. Rejections are
 * jobs whose ids derive from the input job, with a BullMQ deduplication key that
 * outlives them for the dedupe window: writing them again is a no-op.
 */
export class ResultEmitter {
  private readonly write: (e: Emission) => Promise<void>;

  constructor(
    private readonly decisions: Queue,
    private readonly rejected: Queue,
    private readonly claims: Claims,
    private readonly dedupeTtlMs: number,
    /** Its connection must be the decisions queue's: the decisions job joins the audit append's transaction. */
    private readonly audit?: AuditLog,
  ) {
    this.write = groupCommit<Emission, void>(async (group) => {
      await Promise.all([this.writeDecisions(group), this.writeRejections(group)]);
      return group.map(() => undefined);
    });
  }

  emit(source: string, decisions: Decision[], rejections: Rejection[], audit: AuditItem[] = []): Promise<void> {
    if (decisions.length === 0 && rejections.length === 0) return Promise.resolve();
    return this.write({ source, decisions, rejections, audit });
  }

  private async writeDecisions(group: Emission[]): Promise<void> {
    const deciding = group.filter((e) => e.decisions.length);
    if (deciding.length === 0) return;
    // BullMQ's own (wrapped) client: its MULTI knows how to queue BullMQ's add script.
    const client = (await this.decisions.getBackend().client) as unknown as { multi(): ChainableCommander };
    const data: DecisionsJob = { sources: deciding.map((e) => e.source), decisions: deciding.flatMap((e) => e.decisions) };
    const add = async (tx: ChainableCommander) => {
      await new Job(this.decisions, 'decisions', data, { removeOnComplete: true, removeOnFail: true }).addJob(tx as never);
      this.claims.markEmitted(tx, data.sources);
    };
    if (this.audit) {
      await this.audit.append(deciding.flatMap((e) => e.audit), { transaction: () => client.multi(), add });
      return;
    }
    const tx = client.multi();
    await add(tx);
    const replies = await tx.exec();
    if (!replies) throw new Error('decisions transaction aborted');
    for (const [err] of replies) if (err) throw err;
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
