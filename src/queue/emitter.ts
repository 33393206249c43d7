import { Job, type JobsOptions, type Queue } from 'bullmq';
import type { ChainableCommander, Redis } from 'ioredis';
import type { AuditLog } from '../audit/stream-log.js';
import type { Consignment } from '../consignment/record.js';
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

/** One input job's results, as the emitter commits them. */
export interface JobResults {
  /** Input job id: the owner of its claims. */
  source: string;
  /** Consignment ids of the job's decisions, in order. */
  ids: string[];
  rejections: Rejection[];
  /** Given the indexes (into `ids`) of the consignments this job owns, what it emits and audits. */
  own(owned: number[]): OwnedResults;
}

export interface OwnedResults {
  /** The decisions as made: what the audit trail records and sinks see. */
  decisions: Decision[];
  /** The same consignments as received, in order (the audit trail hashes them). */
  consignments: Consignment[];
  /** The decisions as written to the decisions queue (purpose limitation may leave fields out). */
  emitted: Decision[];
}

export interface EmitterOptions {
  decisions: Queue;
  rejected: Queue;
  /** Created on `connection`: the claims share its round trips. */
  claims: Claims;
  /** Where claims and decisions are written: the audit log's connection when there is one. */
  connection: Redis;
  dedupeTtlMs: number;
  audit?: AuditLog;
  /** Keeps the owned consignments (id-only inspection feedback) before their decisions go out. */
  remember?: (consignments: Consignment[]) => Promise<void>;
}

/**
 * Commits jobs' results, the jobs that finish scoring together in one group,
 * in two round trips: one pipeline claims their consignment ids (and takes the
 * audit log's writers' turn), one MULTI writes their decisions as one decisions
 * job, marks the jobs as having emitted and appends the audit records. A
 * decision is written exactly once whatever crashes around it, and never
 * without its audit record. Rejections are jobs whose ids derive from the input
 * job, with a BullMQ deduplication key that outlives them for the dedupe window:
 * writing them again is a no-op.
 */
export class ResultEmitter {
  private readonly commit: (r: JobResults) => Promise<OwnedResults>;

  constructor(private readonly o: EmitterOptions) {
    this.commit = groupCommit<JobResults, OwnedResults>((group) => this.commitGroup(group));
  }

  /** Resolves once the job's decisions and rejections are written, with what it owned. */
  emit(results: JobResults): Promise<OwnedResults> {
    if (results.ids.length === 0 && results.rejections.length === 0) return Promise.resolve(results.own([]));
    return this.commit(results);
  }

  private async commitGroup(group: JobResults[]): Promise<OwnedResults[]> {
    const claiming = group.filter((r) => r.ids.length > 0);
    let owned: number[][] = [];
    let turn: string | undefined;
    if (claiming.length > 0) {
      const pipeline = this.o.connection.pipeline();
      const readClaims = this.o.claims.queue(pipeline, claiming.map((r) => ({ ids: r.ids, owner: r.source })));
      const readTurn = this.o.audit?.queueTurn(pipeline);
      const replies = (await pipeline.exec()) ?? [];
      owned = readClaims(replies);
      turn = readTurn?.(replies);
    }
    let k = 0;
    const results = group.map((r) => r.own(r.ids.length > 0 ? owned[k++] : []));
    try {
      const consignments = results.flatMap((o) => o.consignments);
      if (this.o.remember && consignments.length > 0) await this.o.remember(consignments);
    } catch (e) {
      if (turn !== undefined) await this.o.audit?.release();
      throw e;
    }
    await Promise.all([this.writeDecisions(group, results, turn), this.writeRejections(group)]);
    return results;
  }

  private async writeDecisions(group: JobResults[], results: OwnedResults[], turn: string | undefined): Promise<void> {
    const deciding = group.flatMap((r, i) => (results[i].emitted.length > 0 ? [{ source: r.source, owned: results[i] }] : []));
    if (deciding.length === 0) {
      if (turn !== undefined) await this.o.audit?.release();
      return;
    }
    // BullMQ's own (wrapped) client: its MULTI knows how to queue BullMQ's add script.
    const client = (await this.o.decisions.getBackend().client) as unknown as { multi(): ChainableCommander };
    const data: DecisionsJob = { sources: deciding.map((d) => d.source), decisions: deciding.flatMap((d) => d.owned.emitted) };
    const add = async (tx: ChainableCommander) => {
      await new Job(this.o.decisions, 'decisions', data, { removeOnComplete: true, removeOnFail: true }).addJob(tx as never);
      this.o.claims.markEmitted(tx, data.sources);
    };
    if (this.o.audit) {
      const items = deciding.flatMap(({ owned: o }) => o.decisions.map((decision, i) => ({ decision, consignment: o.consignments[i] })));
      await this.o.audit.append(items, { transaction: () => client.multi(), add }, turn);
      return;
    }
    const tx = client.multi();
    await add(tx);
    const replies = await tx.exec();
    if (!replies) throw new Error('decisions transaction aborted');
    for (const [err] of replies) if (err) throw err;
  }

  private async writeRejections(group: JobResults[]): Promise<void> {
    const jobs = group.flatMap((e) =>
      e.rejections.map((r) => {
        const id = r.index === undefined ? `r-${e.source}` : `r-${e.source}-${r.index}`;
        const data: RejectedJob = { source: e.source, ...r };
        return { name: 'rejected', data, opts: this.opts(id) };
      }),
    );
    if (jobs.length) await this.o.rejected.addBulk(jobs);
  }

  private opts(jobId: string): JobsOptions {
    return { jobId, deduplication: { id: jobId, ttl: this.o.dedupeTtlMs }, removeOnComplete: true, removeOnFail: true };
  }
}
