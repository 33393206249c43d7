import type { Consignment } from '../declaration/record.js';
import { StreamingCapacity } from '../decision/capacity.js';
import { Job, Queue, Worker, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { consignmentHash } from '../audit/record.js';
import { createAuditLog, type AuditLogOptions } from '../audit/stream-log.js';
import type { QueueConfig } from '../config.js';
import { emittedDecision, limitedDecider, type PurposePolicy } from '../config/purpose.js';
import type { Decision } from '../decision/decision.js';
import type { Logger } from '../log.js';
import { decidedIds } from './decided-ids.js';
import { bullConnection, createRedis } from './connection.js';
import type { DeciderRef } from './decider-ref.js';
import { ResultEmitter, type OwnedResults } from './emitter.js';
import { hashTaggedPrefix, ownKey } from './names.js';
import type { Rejection } from './payload.js';
import { scorePayload } from './scoring-processor.js';
import { COMMIT_CONNECTION, writerLease } from './writer-lease.js';

/** What the worker did with one input job; also the job's return value. */
export interface JobOutcome {
  job: string;
  ruleset: string;
  decided: number;
  /** Consignments already decided by another job (resubmitted ids). */
  duplicates: number;
  rejected: number;
  /** Time to decode and score the payload. */
  scoringMs: number;
}

/**
 * Where decisions go once they are safely in the decisions queue: metrics,
 * audit, dashboards plug in here. A sink that throws is logged and does not
 * fail the job (the decisions are already emitted).
 */
export interface ScoringSinks {
  /** `owned` adds the consignments as received and their audit records, in the decisions' order. */
  onDecisions?: ((decisions: Decision[], outcome: JobOutcome, owned: OwnedResults) => void | Promise<void>)[];
  onRejections?: ((rejections: Rejection[], outcome: JobOutcome) => void | Promise<void>)[];
}

export interface ScoringWorkerOptions {
  config: QueueConfig;
  deciders: DeciderRef;
  logger: Logger;
  sinks?: ScoringSinks;
  /** Audit trail: every owned decision is appended in the transaction that emits it; a failed append fails the job. */
  audit?: AuditLogOptions;
  /** Purpose limitation: what the rules may read and what decisions may carry. */
  purpose?: PurposePolicy;
  /** Keeps the job's decided consignments for id-only inspection feedback (one round trip per job). */
  remember?: (consignments: Consignment[]) => Promise<void>;
}

export interface ScoringWorker {
  worker: Worker;
  /** Lets in-flight jobs finish, then closes every connection. */
  close(): Promise<void>;
}

/**
 * The BullMQ adapter: input job → score → commit (decided ids, decisions,
 * audit records, in turns with the other workers: emitter.ts) and rejections →
 * complete. Results are written before the input job completes and a re-run
 * decides only what is not decided, so a crash anywhere re-runs the job without
 * losing or duplicating a decision.
 */
export function startScoringWorker(opts: ScoringWorkerOptions): ScoringWorker {
  const { config, deciders, logger, sinks = {}, purpose } = opts;
  const connection = bullConnection(config);
  const prefix = hashTaggedPrefix(config.prefix);
  const redis: Redis = createRedis(config);
  const audit = opts.audit ? createAuditLog(redis, opts.audit) : undefined;
  // The lease, the decided-id look-ups, decisions and audit records share round trips and a transaction:
  // one connection, the audit log's (whose lease it is) when there is one.
  const commits = audit?.connection ?? redis.duplicate(COMMIT_CONNECTION);
  const lease =
    audit?.lease ?? writerLease(commits, { lock: ownKey(config.prefix, config.queues.consignments, 'writer-lease') });
  const decisionsQueue = new Queue(config.queues.decisions, { connection: commits, prefix });
  const rejectedQueue = new Queue(config.queues.rejected, { connection: redis, prefix });
  const emitter = new ResultEmitter({
    decisions: decisionsQueue,
    rejected: rejectedQueue,
    decided: decidedIds(config.prefix, config.queues.consignments, config.dedupeWindowS),
    connection: commits,
    lease,
    dedupeTtlMs: config.dedupeWindowS * 1000,
    ...(audit ? { audit } : {}),
    ...(opts.remember ? { remember: opts.remember } : {}),
  });
  // Each worker keeps its own selector: with N workers sharing the flow, each sends its share of the rate.
  const capacity = config.capacity !== undefined ? new StreamingCapacity({ rate: config.capacity }) : undefined;
  // Info level gets one line per interval, not one per job: single jobs run at thousands a second.
  const totals = { jobs: 0, decided: 0, duplicates: 0, rejected: 0 };
  const summary = setInterval(() => {
    if (totals.jobs === 0) return;
    logger.info({ ...totals, ruleset: deciders.current.rulesetId, intervalS: SUMMARY_EVERY_MS / 1000 }, 'jobs done');
    Object.assign(totals, { jobs: 0, decided: 0, duplicates: 0, rejected: 0 });
  }, SUMMARY_EVERY_MS).unref();

  const processJob = async (job: Job, payloadBytes: number): Promise<JobOutcome> => {
    const decider = deciders.current;
    const source = job.id ?? job.name;
    const started = performance.now();
    const scored = scorePayload(job.data, payloadBytes, purpose ? limitedDecider(decider, purpose) : decider, config);
    const scoringMs = performance.now() - started;
    // Hashed here, not in the commit: the commit holds the audit log's writers' turn, and this is its longest part.
    const hashes = audit ? scored.consignments.map(consignmentHash) : undefined;
    const owned = await emitter.emit({
      source,
      ids: scored.ids,
      rejections: scored.rejections,
      own: (owned) => {
        const all = owned.length === scored.decisions.length;
        const mine = all ? scored.decisions : owned.map((i) => scored.decisions[i]);
        const consignments = all ? scored.consignments : owned.map((i) => scored.consignments[i]);
        const consignmentHashes = hashes && (all ? hashes : owned.map((i) => hashes[i]));
        // Capacity is applied to owned decisions only, so a re-run job does not spend the day's budget twice.
        if (capacity)
          for (let i = 0; i < mine.length; i++)
            mine[i] = capacity.apply(mine[i], consignments[i].date, decider.thresholds);
        const emitted = purpose ? mine.map((d) => emittedDecision(d, purpose) as Decision) : mine;
        return { decisions: mine, consignments, emitted, ...(consignmentHashes ? { consignmentHashes } : {}) };
      },
    });
    const { decisions } = owned;
    const outcome: JobOutcome = {
      job: source,
      ruleset: decider.rulesetId,
      decided: decisions.length,
      duplicates: scored.decisions.length - decisions.length,
      rejected: scored.rejections.length,
      scoringMs,
    };
    if (outcome.rejected) {
      logger.warn(
        { ...outcome, reasons: scored.rejections.slice(0, 5).map((r) => `${r.code}: ${r.reason}`) },
        'rejected input',
      );
    }
    logger.debug(outcome, 'job done');
    totals.jobs++;
    totals.decided += outcome.decided;
    totals.duplicates += outcome.duplicates;
    totals.rejected += outcome.rejected;
    await runSinks(sinks.onDecisions, decisions, outcome, logger, owned);
    await runSinks(sinks.onRejections, scored.rejections, outcome, logger, undefined);
    return outcome;
  };

  const worker = new SizedWorker(config.queues.consignments, processJob, {
    connection,
    prefix,
    concurrency: config.concurrency,
    lockDuration: config.lockDurationMs,
    stalledInterval: config.stalledIntervalMs,
    maxStalledCount: config.maxStalledCount,
    removeOnComplete: { count: 1000 },
    removeOnFail: { age: 7 * 86_400 },
  });
  worker.on('failed', (job, err) => logger.error({ job: job?.id, attempts: job?.attemptsMade, err }, 'job failed'));
  worker.on('error', (err) => logger.error({ err }, 'worker error'));

  return {
    worker,
    async close() {
      clearInterval(summary);
      await worker.close();
      await Promise.all([decisionsQueue.close(), rejectedQueue.close(), audit?.close()]);
      await Promise.all([redis, ...(audit ? [] : [commits])].map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}

async function runSinks<T, X>(
  list: ((items: T[], o: JobOutcome, extra: X) => void | Promise<void>)[] | undefined,
  items: T[],
  outcome: JobOutcome,
  logger: Logger,
  extra: X,
): Promise<void> {
  if (!list || items.length === 0) return;
  for (const sink of list) {
    try {
      await sink(items, outcome, extra);
    } catch (err) {
      logger.error({ err, job: outcome.job }, 'decision sink failed');
    }
  }
}

const SUMMARY_EVERY_MS = 10_000;

type SizedProcessor = (job: Job, payloadBytes: number) => Promise<JobOutcome>;

/**
 * A Worker that knows each job's serialized payload size: BullMQ hands the raw
 * JSON to createJob, the one place the size is free to read, so an oversized
 * payload is refused without serializing it again.
 */
class SizedWorker extends Worker {
  private readonly sizes = new WeakMap<Job, number>();

  constructor(name: string, processor: SizedProcessor, opts: WorkerOptions) {
    super(name, (job: Job) => processor(job, this.sizes.get(job) ?? 0), opts);
  }

  protected override createJob(data: Parameters<Worker['createJob']>[0], jobId: string): Job {
    const job = super.createJob(data, jobId);
    const raw = (data as { data?: unknown }).data;
    if (typeof raw === 'string') this.sizes.set(job, Buffer.byteLength(raw));
    return job;
  }
}
