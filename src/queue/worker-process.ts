import { auditOptionsFromEnv } from '../audit/config.js';
import { indexSinks } from '../console/decisions-index.js';
import type { QueueConfig } from '../config.js';
import { purposeFromEnv } from '../config/purpose.js';
import { TargetingError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Consignment } from '../declaration/record.js';
import type { LiveProfile } from '../features/overlay.js';
import { bullConnection, checkCredentials, createRedis, safeUrl } from './connection.js';
import { createFeedbackWorker, refreshOverlay, rememberConsignments } from './feedback.js';
import { hashTaggedPrefix } from './names.js';
import { DeciderRef } from './decider-ref.js';
import { deciderBuilder } from './load-decider.js';
import { watchRuleSet, type RuleSetWatcher } from './ruleset-watcher.js';
import { startScoringWorker, type ScoringSinks } from './scoring-worker.js';
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
  config: QueueConfig,
  logger: Logger,
  sinks?: ScoringSinks,
): Promise<RunningWorker> {
  const loaded = deciderBuilder(config);
  // Every rule set serves warm, the first one and each one hot reload swaps in.
  const build = () => {
    const b = loaded();
    if (b.decider) warmUp(b.decider, config);
    return b;
  };
  const built = build();
  if (!built.decider) {
    throw new TargetingError(
      'INVALID_RULE_SET',
      `the rule set in ${config.rulesDir} does not load:\n  ${built.errors.map((e) => e.message).join('\n  ')}`,
      { file: config.rulesDir },
      'fix the rule files (targeting rules validate) and start again',
    );
  }
  const unreachable = await checkCredentials(config);
  if (unreachable)
    logger.warn({ redis: safeUrl(config.redisUrl), problem: unreachable }, 'Redis unreachable: waiting for it');
  const deciders = new DeciderRef(built.decider);
  const purpose = purposeFromEnv();
  const feedback = loaded.profile ? startFeedback(config, loaded.profile, logger) : undefined;
  const audit = auditOptionsFromEnv(process.env, config.prefix);
  const index = consoleIndex(config, audit.key, sinks);
  const scoring = startScoringWorker({
    config,
    deciders,
    logger,
    sinks: index.sinks,
    audit,
    ...(purpose ? { purpose } : {}),
    ...(feedback?.remember ? { remember: feedback.remember } : {}),
  });
  const watcher: RuleSetWatcher | undefined = config.hotReload
    ? watchRuleSet(config.rulesDir, build, deciders, logger)
    : undefined;
  await scoring.worker.waitUntilReady();
  logger.info(
    {
      redis: safeUrl(config.redisUrl),
      prefix: config.prefix,
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
      await scoring.close();
      await feedback?.close();
      await index.close();
    },
  };
}

/** The officers' console index (console/decisions-index.ts) beside the caller's sinks, unless CONSOLE_RETENTION_DAYS=0. */
function consoleIndex(config: QueueConfig, auditStream: string, sinks: ScoringSinks = {}) {
  if (config.consoleRetentionDays === 0) return { sinks, close: async () => {} };
  const redis = createRedis(config);
  const own = indexSinks(redis, { prefix: config.prefix, retentionDays: config.consoleRetentionDays, auditStream });
  return {
    sinks: {
      onDecisions: [...(sinks.onDecisions ?? []), ...own.onDecisions],
      onRejections: [...(sinks.onRejections ?? []), ...own.onRejections],
    },
    close: () =>
      redis.quit().then(
        () => undefined,
        () => redis.disconnect(),
      ),
  };
}

/**
 * Inspection results flow back: a worker with a profile consumes the `feedback`
 * queue into running counts in Redis and re-reads them into its live profile
 * every FEEDBACK_REFRESH_S (never per consignment). With FEEDBACK_REMEMBER_DAYS
 * it also keeps what it scored, so feedback may carry the id alone.
 */
function startFeedback(config: QueueConfig, live: LiveProfile, logger: Logger) {
  const redis = createRedis(config);
  // Hash-tagged like the queues: one Cluster slot, so the counting MULTI stays legal there.
  const opts = { prefix: `${hashTaggedPrefix(config.prefix)}:`, categorical: live.profile.source.mapping.categorical };
  const consumer = createFeedbackWorker(redis, bullConnection(config), {
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
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/**
 * SIGTERM/SIGINT: stop taking jobs, let in-flight ones finish, close, exit 0.
 * A second signal exits at once (1); jobs it interrupts are picked up again
 * by another worker once their lock expires.
 */
export function stopOnSignals(running: RunningWorker, logger: Logger): void {
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
}
