import type { Consignment } from '../declaration/record.js';
import { Queue, Worker } from 'bullmq';
import type { AuditLogOptions } from '../audit/append.js';
import type { Config } from '../config/load.js';
import type { PurposePolicy } from '../config/purpose.js';
import type { ConfigError } from '../errors.js';
import type { Logger } from '../log.js';
import { decidedIds } from './decided-ids.js';
import { createCommitter } from './commit.js';
import { closeClient, createRedis } from './connection.js';
import type { DeciderRef } from './decider-ref.js';
import { ResultEmitter } from './emitter.js';
import { jobScorer, transientKind } from './job-scorer.js';
import { logJobOwnership } from './job-ownership-log.js';
import { pauseForMemory } from './memory-pause.js';
import { reclaimOrphanedJobs } from './orphaned-jobs.js';
import { hashTaggedPrefix, ownKey } from './names.js';
import { fatalRedisError } from './redis-access.js';
import { isTransientRedisError } from './redis-errors.js';
import type { ScoringSinks } from './scoring-sinks.js';
import { SizedWorker } from './sized-worker.js';

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
  const rejectedQueue = new Queue(config.queues.rejected, { connection: redis, prefix });
  const emitter = new ResultEmitter({
    committer,
    rejected: rejectedQueue,
    dedupeTtlMs: config.dedupeWindowS * 1000,
    ...(durability ? { durability: { ...durability, connection: redis } } : {}),
    ...(opts.remember ? { remember: opts.remember } : {}),
  });
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

  const scorer = jobScorer({
    config,
    deciders,
    logger,
    sinks,
    emitter,
    audited: opts.audit !== undefined,
    ...(purpose ? { purpose } : {}),
  });

  const worker = new SizedWorker(config.queues.consignments, scorer.process, config, {
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
  const orphans = reclaimOrphanedJobs(worker, redis, logger, sinks.onReclaimed);
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
  const memory = pauseForMemory(worker, redis, decisionsWaiting, config, logger, sinks);

  return {
    worker,
    async close() {
      scorer.stop();
      memory.stop();
      orphans.stop();
      await worker.close();
      await Promise.all([rejectedQueue.close(), decisionsWaiting.close(), committer.close()]);
      await closeClient(redis);
    },
  };
}

/**
 * BullMQ's drainDelay: how long the worker blocks waiting for a job before it asks again. A fetch Redis refuses
 * (OOM: memory full of input, which only deciding frees) is asked again only then. BullMQ's 5 s left every moment
 * memory dipped below maxmemory to a producer retrying every few milliseconds, and the worker never got the job
 * that would free it (full-memory.test.ts on a loaded machine: stuck in 4 of 8 runs, 1 of 8 with 0.2 s, 0 of 8 with
 * 0.05 s). An idle worker pays 20 blocking reads a second.
 */
const FETCH_RETRY_S = 0.05;

/** What the log says of a transient error BullMQ met: the connection, or the reply's first word (OOM, LOADING…). */
function transientMessage(err: unknown): string {
  const kind = transientKind(err);
  return kind === 'connection'
    ? 'Redis connection interrupted: reconnecting'
    : `Redis refused a command for now (${kind}): BullMQ tries it again`;
}
