import { Job, type JobsOptions, type Queue } from 'bullmq';
import type { ChainableCommander, Redis } from 'ioredis';
import type { AuditRecord } from '../audit/record.js';
import type { AuditLog } from '../audit/stream-log.js';
import type { Consignment } from '../declaration/record.js';
import type { Decision } from '../decision/decision.js';
import type { DecidedIds } from './decided-ids.js';
import { groupCommit } from './group-commit.js';
import { LeaseLost, type WriterLease } from './writer-lease.js';
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
  decisions: Queue;
  rejected: Queue;
  decided: DecidedIds;
  /** Where the lease is taken and decisions are written: the audit log's connection when there is one. */
  connection: Redis;
  /** Taken on `connection`: the audit log's when there is one. */
  lease: WriterLease;
  dedupeTtlMs: number;
  audit?: AuditLog;
  /** Keeps the owned consignments (id-only inspection feedback) before their decisions go out. */
  remember?: (consignments: Consignment[]) => Promise<void>;
}

/** Commits retried after their lease expired under them (each retry reads again); past this, the jobs fail. */
const MAX_ATTEMPTS = 10;

/**
 * Commits jobs' results — the jobs that finish scoring together, in one group —
 * in two round trips: one pipeline takes the writers' lease and reads which of
 * their consignment ids are decided already; one MULTI writes the new decisions
 * as one decisions job, marks their ids decided, appends their audit records
 * and gives the lease back. So a consignment id is decided once whatever
 * crashes around it, and no decision goes out without its audit record.
 * Rejections are jobs whose ids derive from the input job, with a BullMQ
 * deduplication key that outlives them for the dedupe window: writing them
 * again is a no-op.
 */
export class ResultEmitter {
  private readonly commit: (r: JobResults) => Promise<OwnedResults>;

  constructor(private readonly o: EmitterOptions) {
    this.commit = groupCommit<JobResults, OwnedResults>((group) => this.commitGroup(group));
  }

  /** Resolves once the job's decisions and rejections are written, with what it decided. */
  emit(results: JobResults): Promise<OwnedResults> {
    if (results.ids.length === 0 && results.rejections.length === 0) return Promise.resolve(results.own([]));
    return this.commit(results);
  }

  private async commitGroup(group: JobResults[]): Promise<OwnedResults[]> {
    const [results] = await Promise.all([this.commitDecisions(group), this.writeRejections(group)]);
    return results;
  }

  private async commitDecisions(group: JobResults[]): Promise<OwnedResults[]> {
    if (!group.some((r) => r.ids.length > 0)) return group.map((r) => r.own([]));
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.commitOnce(group);
      } catch (e) {
        if (!(e instanceof LeaseLost) || attempt + 1 >= MAX_ATTEMPTS) throw e;
      }
    }
  }

  private async commitOnce(group: JobResults[]): Promise<OwnedResults[]> {
    const ids = group.length === 1 ? group[0].ids : group.flatMap((r) => r.ids);
    const reads = this.o.decided.lookup(ids);
    const pipeline = this.o.connection.pipeline();
    const first = this.o.lease.attempt(pipeline, reads);
    const turn = first(await this.o.lease.send(pipeline)) ?? (await this.o.lease.take(reads));
    let results: OwnedResults[];
    let newIds: string[];
    try {
      const owned = ownedIndexes(group, turn.read);
      // After a lost lease this runs again on fresh reads; a capacity selector then counts the group's decisions twice (rare: a stall past LEASE_MS).
      results = group.map((r, i) => r.own(owned[i]));
      newIds = group.flatMap((r, i) => (owned[i].length === r.ids.length ? r.ids : owned[i].map((k) => r.ids[k])));
      const { remember } = this.o;
      const consignments = remember ? results.flatMap((o) => o.consignments) : [];
      if (remember && consignments.length > 0) await remember(consignments);
    } catch (e) {
      // Nothing was written: give the turn back now rather than make the other writers wait out the lease.
      await this.o.lease.release();
      throw e;
    }
    await this.writeDecisions(group, results, newIds, turn.head);
    return results;
  }

  private async writeDecisions(
    group: JobResults[],
    results: OwnedResults[],
    newIds: string[],
    head: string,
  ): Promise<void> {
    const deciding = group.flatMap((r, i) =>
      results[i].emitted.length > 0 ? [{ source: r.source, owned: results[i] }] : [],
    );
    if (deciding.length === 0) {
      await this.o.lease.release();
      return;
    }
    // BullMQ's own (wrapped) client: its MULTI knows how to queue BullMQ's add script.
    const client = (await this.o.decisions.getBackend().client) as unknown as { multi(): ChainableCommander };
    const data: DecisionsJob = {
      sources: deciding.map((d) => d.source),
      decisions: deciding.flatMap((d) => d.owned.emitted),
    };
    const add = async (tx: ChainableCommander) => {
      await new Job(this.o.decisions, 'decisions', data, { removeOnComplete: true, removeOnFail: true }).addJob(
        tx as never,
      );
      this.o.decided.markDecided(tx, newIds);
    };
    if (this.o.audit) {
      const items = deciding.flatMap(({ owned: o }) =>
        o.decisions.map((decision, i) =>
          o.consignmentHashes
            ? { decision, consignmentHash: o.consignmentHashes[i] }
            : { decision, consignment: o.consignments[i] },
        ),
      );
      const records = await this.o.audit.append(items, { transaction: () => client.multi(), add }, head);
      let at = 0;
      for (const { owned } of deciding) owned.auditRecords = records.slice(at, (at += owned.decisions.length));
      return;
    }
    if (!(await this.o.lease.write(() => client.multi(), add))) throw new LeaseLost(this.o.lease.lock);
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

/** Per job, the indexes of its ids not decided before and not taken by an earlier job of the group. */
function ownedIndexes(group: JobResults[], decided: boolean[]): number[][] {
  const seen = group.length > 1 ? new Set<string>() : undefined;
  let at = 0;
  return group.map((r) => {
    const mine: number[] = [];
    for (let i = 0; i < r.ids.length; i++, at++) {
      if (decided[at] || seen?.has(r.ids[i])) continue;
      seen?.add(r.ids[i]);
      mine.push(i);
    }
    return mine;
  });
}
