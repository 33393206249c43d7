import type { Consignment } from '../declaration/record.js';
import { StreamingCapacity } from '../decision/capacity.js';
import { Job, Queue, Worker } from 'bullmq';
import { consignmentHash } from '../audit/record.js';
import type { AuditLogOptions } from '../audit/append.js';
import type { Config } from '../config/load.js';
import { emittedDecision, limitedDecider, type PurposePolicy } from '../config/purpose.js';
import type { Decision } from '../decision/decision.js';
import type { ConfigError } from '../errors.js';
import type { Logger } from '../log.js';
import { decidedIds } from './decided-ids.js';
import { createCommitter, NotReplicated } from './commit.js';
import { closeClient, createRedis } from './connection.js';
import type { DeciderRef } from './decider-ref.js';
import { ResultEmitter, type OwnedResults } from './emitter.js';
import { logJobOwnership } from './job-ownership-log.js';
import { reclaimOrphanedJobs } from './orphaned-jobs.js';
import { hashTaggedPrefix, ownKey } from './names.js';
import { guardMemory, type MemoryState } from './memory-guard.js';
import type { Rejection } from './payload.js';
import { fatalRedisError } from './redis-access.js';
import { isCredentialsRefused, isPermissionDenied, isTransientRedisError } from './redis-errors.js';
import { scorePayload, type ScoredPayload } from './scoring-processor.js';
import { refuseTooDeep, SizedWorker, type RawPayload } from './sized-worker.js';
import { retryTransient } from './transient-retry.js';

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
  /** A commit hit a transient Redis error and is retried (`kind`: the error's first word, e.g. OOM, LOADING, connection). */
  onRetry?: ((kind: string) => void)[];
  /** Jobs a crashed or stalled worker held, taken back to be run again. */
  onStalled?: ((jobIds: string[]) => void)[];
  /** The worker paused or resumed taking jobs for Redis memory, or Redis reached maxmemory or has room again. */
  onMemory?: ((state: MemoryState) => void)[];
}

export interface ScoringWorkerOptions {
  config: Config;
  deciders: DeciderRef;
  logger: Logger;
  sinks?: ScoringSinks;
  /** Audit trail: every owned decision is appended in the transaction that emits it; a failed append fails the job. */
  audit?: AuditLogOptions;
  /** Purpose limitation: what the rules may read and what decisions may carry. */
  purpose?: PurposePolicy;
  /** Keeps the job's decided consignments for id-only inspection feedback (one round trip per job). */
  remember?: (consignments: Consignment[]) => Promise<void>;
  /**
   * Redis refused for good (credentials, ACL, TLS) on one of the worker's connections: the process
   * should say so once and exit. Default: logged once, and the worker closed.
   */
  onFatal?: (error: ConfigError) => void;
}

export interface ScoringWorker {
  worker: Worker;
  /** Lets in-flight jobs finish, then closes every connection. */
  close(): Promise<void>;
}

/**
 * The BullMQ adapter: input job → score → commit (decided ids, decisions,
 * audit records, in turns with the other workers: commit.ts) and rejections →
 * complete. Results are written before the input job completes and a re-run
 * decides only what is not decided, so a crash anywhere re-runs the job without
 * losing or duplicating a decision.
 */
export function startScoringWorker(opts: ScoringWorkerOptions): ScoringWorker {
  const { config, deciders, logger, sinks = {}, purpose } = opts;
  const prefix = hashTaggedPrefix(config.prefix);
  // One client from the connection factory for BullMQ (it opens its blocking connection from it) and the rejections.
  const redis = createRedis(config);
  const durability =
    config.waitReplicas > 0 ? { replicas: config.waitReplicas, timeoutMs: config.waitTimeoutMs } : undefined;
  const committer = createCommitter({
    redis,
    lock: ownKey(config.prefix, config.queues.consignments, 'writer-lease'),
    decided: decidedIds(config.prefix, config.queues.consignments, config.dedupeWindowS),
    decisions: { queue: config.queues.decisions, prefix },
    ...(opts.audit ? { audit: opts.audit } : {}),
    ...(durability ? { durability } : {}),
  });
  const audited = opts.audit !== undefined;
  const rejectedQueue = new Queue(config.queues.rejected, { connection: redis, prefix });
  const emitter = new ResultEmitter({
    committer,
    rejected: rejectedQueue,
    dedupeTtlMs: config.dedupeWindowS * 1000,
    ...(durability ? { durability: { ...durability, connection: redis } } : {}),
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

  let fatal = false;
  const onFatal = (e: unknown) => {
    const refused = fatalRedisError(e, config);
    if (!refused || fatal) return refused !== undefined;
    fatal = true;
    if (opts.onFatal) opts.onFatal(refused);
    else {
      logger.error({ code: refused.code }, refused.message);
      void worker.close(true);
    }
    return true;
  };
  // Every connection of ours gets a listener: without one ioredis prints each error itself, again at every reconnect.
  for (const client of new Set([redis, committer.connection])) client.on('error', onFatal);

  const processJob = async (job: Job, raw: RawPayload): Promise<JobOutcome> => {
    const decider = deciders.current;
    const source = raw.jobId ?? job.id ?? job.name;
    if (raw.jobId)
      logger.warn(
        { job: raw.jobId },
        'job id is not well-formed UTF-16: BullMQ cannot name it, the worker finishes it',
      );
    const started = performance.now();
    const scored: ScoredPayload = raw.refused
      ? { ids: [], decisions: [], consignments: [], rejections: [raw.refused] }
      : refuseTooDeep(
          scorePayload(job.data, raw.bytes, purpose ? limitedDecider(decider, purpose) : decider, config),
          raw,
        );
    const scoringMs = performance.now() - started;
    // Hashed here, not in the commit: the commit holds the audit log's writers' turn, and this is its longest part.
    const hashes = audited ? scored.consignments.map(consignmentHash) : undefined;
    const emit = () =>
      emitter.emit({
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
    const owned = await retryTransient(emit, {
      // Too few replicas for REDIS_WAIT_REPLICAS (in a failover: the wait cut when the client moved, then no replica
      // until the old master is back as one of the new) is waited out like Redis' own faults, whatever attempts the
      // job carries: the commit again finds under the lease what the last try wrote, and waits for the replicas again.
      retryable: (e) => e instanceof NotReplicated || isTransientRedisError(e),
      onRetry: (err, attempt, delayMs) => {
        for (const sink of sinks.onRetry ?? []) sink(errorKind(err));
        // The first retry and every tenth: a Redis restart must show in the log, not flood it.
        if (attempt === 1 || attempt % 10 === 0)
          logger.warn({ job: source, attempt, delayMs, err }, 'transient Redis error: retrying the commit');
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

  const worker = new SizedWorker(config.queues.consignments, processJob, config, {
    connection: redis,
    prefix,
    concurrency: config.concurrency,
    lockDuration: config.lockDurationMs,
    stalledInterval: config.stalledIntervalMs,
    maxStalledCount: config.maxStalledCount,
    drainDelay: FETCH_RETRY_S,
    removeOnComplete: { count: 1000 },
    removeOnFail: { age: 7 * 86_400 },
  });
  worker.on('failed', (job, err) => logger.error({ job: job?.id, attempts: job?.attemptsMade, err }, 'job failed'));
  const ownershipLogged = logJobOwnership(worker, logger, sinks.onStalled);
  const orphans = reclaimOrphanedJobs(worker, redis, logger);
  worker.on('error', (err) => {
    if (onFatal(err) || ownershipLogged(err)) return;
    // A connection that dropped (a restart, a failover, a client kill) is reconnected by BullMQ and its work retried;
    // a reply Redis gives for now (OOM, LOADING…) is retried by BullMQ too: a warning, not an error an operator is
    // paged for.
    if (isTransientRedisError(err)) logger.warn({ err }, transientMessage(err));
    else logger.error({ err }, 'worker error');
  });
  rejectedQueue.on('error', onFatal);
  // Counts the decisions no reader has taken yet: memory pressure they cause resolves when readers catch up.
  const decisionsWaiting = new Queue(config.queues.decisions, { connection: redis, prefix });
  decisionsWaiting.on('error', onFatal);
  const memory = guardMemory(redis, {
    high: config.memoryHighPercent / 100,
    low: config.memoryLowPercent / 100,
    intervalMs: config.memoryCheckMs,
    undelivered: () => decisionsWaiting.getWaitingCount(),
    pause(state) {
      logger.warn({ usedBytes: state.usedBytes, maxBytes: state.maxBytes }, `not taking jobs: ${state.reason}`);
      void worker.pause(true);
      for (const sink of sinks.onMemory ?? []) sink(state);
    },
    resume(state) {
      logger.info({ usedBytes: state.usedBytes, maxBytes: state.maxBytes }, `taking jobs again: ${state.reason}`);
      worker.resume();
      for (const sink of sinks.onMemory ?? []) sink(state);
    },
    fullness(state) {
      const at = { usedBytes: state.usedBytes, maxBytes: state.maxBytes };
      // An error once, not a line per refused write: the operator has to act (the worker cannot free memory).
      if (state.full) logger.error(at, state.reason!);
      else logger.info(at, state.reason!);
      for (const sink of sinks.onMemory ?? []) sink(state);
    },
    unavailable(err) {
      logger.warn({ err }, 'INFO refused: Redis memory is not watched (grant +info)');
    },
  });

  return {
    worker,
    async close() {
      clearInterval(summary);
      memory.stop();
      orphans.stop();
      await worker.close();
      await Promise.all([rejectedQueue.close(), decisionsWaiting.close(), committer.close()]);
      await closeClient(redis);
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
      // Refused credentials or keys: the worker's own connections report them once and exit, not once per sink.
      if (!isCredentialsRefused(err) && !isPermissionDenied(err))
        logger.error({ err, job: outcome.job }, 'decision sink failed');
    }
  }
}

const SUMMARY_EVERY_MS = 10_000;

/**
 * BullMQ's drainDelay: how long the worker blocks waiting for a job before it asks again. A fetch Redis refuses
 * (OOM: memory full of input, which only deciding frees) is asked again only then. BullMQ's 5 s left every moment
 * memory dipped below maxmemory to a producer retrying every few milliseconds, and the worker never got the job
 * that would free it (full-memory.test.ts on a loaded machine: stuck in 4 of 8 runs, 1 of 8 with 0.2 s, 0 of 8 with
 * 0.05 s). An idle worker pays 20 blocking reads a second.
 */
const FETCH_RETRY_S = 0.05;

/** OOM, LOADING, READONLY…: the reply's first word; `replicas` for too few replicas; anything else is a lost connection. */
function errorKind(err: unknown): string {
  if (err instanceof NotReplicated) return 'replicas';
  const word = /^([A-Z]{3,})\b/.exec((err as Error | null)?.message ?? '')?.[1];
  return word ?? 'connection';
}

/** What the log says of a transient error BullMQ met: the connection, or the reply's first word (OOM, LOADING…). */
function transientMessage(err: unknown): string {
  const kind = errorKind(err);
  return kind === 'connection'
    ? 'Redis connection interrupted: reconnecting'
    : `Redis refused a command for now (${kind}): BullMQ tries it again`;
}
