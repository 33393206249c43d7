import { auditOptionsFor } from '../audit/config.js';
import { indexSinks } from '../console/decisions-index.js';
import type { Config } from '../config/load.js';
import { TargetingError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Consignment } from '../declaration/record.js';
import type { LiveProfile } from '../features/overlay.js';
import { checkTopology, closeClient, createRedis, describeEndpoint, type RedisClient } from './connection.js';
import { checkRedisAccess } from './redis-access.js';
import { createFeedbackWorker, refreshOverlay, rememberConsignments } from './feedback.js';
import { auditStreamKey, hashTaggedPrefix } from './names.js';
import { allPrefixes } from './partitions.js';
import { DeciderRef } from './decider-ref.js';
import { deciderBuilder } from './load-decider.js';
import { watchRuleSet, type RuleSetWatcher, type WatchOptions } from './ruleset-watcher.js';
import type { ScoringSinks } from './scoring-sinks.js';
import { startScoringWorker } from './scoring-worker.js';
import { warmUp } from './warm-up.js';

export interface RunningWorker {
  /** The rule set and profile the worker started with (hot reloads show in each job's outcome). */
  readonly rulesetId: string;
  readonly profileId?: string;
  /** Finishes in-flight jobs, stops watching rules, closes connections. */
  stop(): Promise<void>;
}

/**
 * A scoring worker as a process runs it: rule set loaded (or a clear refusal),
 * worker connected, rule files watched. Throws a TargetingError the caller prints
 * when the configuration or the rule set does not allow starting.
 */
export async function runScoringWorker(
  config: Config,
  logger: Logger,
  sinks?: ScoringSinks,
  onReload?: WatchOptions['onReload'],
): Promise<RunningWorker> {
  const loaded = deciderBuilder(config);
  // Every rule set serves warm, the first one and each one hot reload swaps in.
  const build = async () => {
    const b = await loaded();
    if (b.decider) warmUp(b.decider, config);
    return b;
  };
  const built = await build();
  if (!built.decider) {
    throw new TargetingError(
      'INVALID_RULE_SET',
      `the rule set in ${config.rulesDir} does not load:\n  ${built.errors.map((e) => e.message).join('\n  ')}`,
      { file: config.rulesDir },
      'fix the rule files (targeting rules validate) and start again',
    );
  }
  // Topology first: a cluster node reached as a single one answers MOVED to the access probe too.
  await checkTopology(config);
  const unreachable = await checkRedisAccess(config);
  if (unreachable)
    logger.warn({ redis: describeEndpoint(config), problem: unreachable }, 'Redis unreachable: waiting for it');
  const deciders = new DeciderRef(built.decider);
  const { purpose } = config;
  const feedback = loaded.profile ? startFeedback(config, loaded.profile, logger) : undefined;
  // One scoring worker per partition consumed: each has its own queues, lease and audit chain.
  const prefixes = allPrefixes(config.prefix, config.partitions, config.partitionsOwned);
  const partitionNumbers = config.partitions ? (config.partitionsOwned ?? prefixes.map((_, p) => p)) : [undefined];
  // The console's decisions index (one, under the logical prefix) is fed by every partition's worker.
  const indexRedis = config.consoleRetentionDays > 0 ? createRedis(config) : undefined;
  // Refusals for good are reported by the scoring workers' connections; without a listener ioredis prints the rest.
  indexRedis?.on('error', () => undefined);
  const scoring = prefixes.map((prefix, i) => {
    const partition = partitionNumbers[i];
    const audit = auditOptionsFor(config.audit, auditStreamKey(prefix), partition);
    const partLogger = partition === undefined ? logger : logger.child({ partition });
    return startScoringWorker({
      config: { ...config, prefix },
      deciders,
      logger: partLogger,
      sinks: indexRedis ? withConsoleIndex(sinks, indexRedis, config, audit.key, partLogger) : sinks,
      audit,
      ...(purpose ? { purpose } : {}),
      ...(feedback?.remember ? { remember: feedback.remember } : {}),
      onFatal: exitOnce,
    });
  });
  const watcher: RuleSetWatcher | undefined = config.hotReload
    ? watchRuleSet(config.model ? [config.rulesDir, config.model] : config.rulesDir, build, deciders, logger, {
        onReload,
      })
    : undefined;
  await Promise.all(scoring.map((s) => s.worker.waitUntilReady()));
  logger.info(
    {
      redis: describeEndpoint(config),
      prefix: config.prefix,
      ...(config.partitions ? { partitions: config.partitions, consuming: partitionNumbers } : {}),
      queues: config.queues,
      ruleset: built.decider.rulesetId,
      profile: built.decider.profileId,
      concurrency: config.concurrency,
      hotReload: config.hotReload,
    },
    'scoring worker started',
  );
  return {
    rulesetId: built.decider.rulesetId,
    ...(built.decider.profileId !== undefined ? { profileId: built.decider.profileId } : {}),
    async stop() {
      await watcher?.close();
      await Promise.all(scoring.map((s) => s.close()));
      await feedback?.close();
      if (indexRedis) await closeClient(indexRedis);
    },
  };
}

/** The workers' sinks plus those that feed the console's decisions index (CONSOLE_RETENTION_DAYS; 0 = none). */
function withConsoleIndex(
  sinks: ScoringSinks = {},
  redis: RedisClient,
  config: Config,
  auditStream: string,
  logger: Logger,
): ScoringSinks {
  const own = indexSinks(redis, {
    prefix: config.prefix,
    retentionDays: config.consoleRetentionDays,
    auditStream,
    // The scoring connections say when Redis drops: the index's own retries are detail.
    onRetry: (err, attempt) => logger.debug({ err, attempt }, 'console index write retried'),
  });
  return {
    ...sinks,
    onDecisions: [...(sinks.onDecisions ?? []), ...own.onDecisions],
    onRejections: [...(sinks.onRejections ?? []), ...own.onRejections],
  };
}

/**
 * Inspection results flow back: a worker with a profile consumes the `feedback`
 * queue into running counts in Redis and re-reads them into its live profile
 * every FEEDBACK_REFRESH_S (never per consignment). With FEEDBACK_REMEMBER_DAYS
 * it also keeps what it scored, so feedback may carry the id alone.
 */
function startFeedback(config: Config, live: LiveProfile, logger: Logger) {
  const redis = createRedis(config);
  // Refusals for good are reported by the scoring worker's connections; the rest are reconnects.
  redis.on('error', () => undefined);
  // Hash-tagged like the queues: one Cluster slot, so the counting MULTI stays legal there.
  const opts = { prefix: `${hashTaggedPrefix(config.prefix)}:`, categorical: live.profile.source.mapping.categorical };
  const consumer = createFeedbackWorker(redis, redis, {
    ...opts,
    queuePrefix: hashTaggedPrefix(config.prefix),
  });
  const overlay = refreshOverlay(redis, live, { ...opts, intervalMs: config.feedbackRefreshS * 1000 });
  void overlay.refresh();
  logger.info(
    { refreshS: config.feedbackRefreshS, rememberDays: config.feedbackRememberDays },
    'feedback: consuming inspection results',
  );
  const ttlSeconds = config.feedbackRememberDays * 86_400;
  return {
    remember:
      ttlSeconds > 0 ? (cs: Consignment[]) => rememberConsignments(redis, cs, { ...opts, ttlSeconds }) : undefined,
    async close() {
      overlay.stop();
      await consumer.close();
      await closeClient(redis);
    },
  };
}

/**
 * Redis refused for good while running (password rotated, ACL changed, TLS
 * certificate replaced): one line naming the setting, exit 1. In-flight jobs
 * come back through the stalled-job check of a worker that may connect.
 */
function exitOnce(error: TargetingError): void {
  process.stderr.write(`error: ${error.message}\n`);
  process.exit(1);
}

/**
 * SIGTERM/SIGINT: stop taking jobs, let in-flight ones finish, close, exit 0.
 * A second signal exits at once (1); jobs it interrupts are picked up again
 * by another worker once their lock expires.
 */
export function stopOnSignals(running: RunningWorker, logger: Logger, opts: { stopWhenOrphaned?: boolean } = {}): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight jobs');
    running.stop().then(
      () => {
        logger.info('scoring worker stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  // npm run and npx neither forward a signal sent to their own pid nor wait for the worker: when such a parent
  // is gone, stop as if signalled instead of running on, orphaned.
  if (opts.stopWhenOrphaned) {
    const parent = process.ppid;
    setInterval(() => process.ppid !== parent && !stopping && onSignal('SIGHUP'), 500).unref();
  }
}
