import { Queue } from 'bullmq';
import type { QueueConfig } from '../config.js';
import type { Logger } from '../log.js';
import { createRedis } from '../queue/connection.js';
import { hashTaggedPrefix } from '../queue/names.js';
import type { JobOutcome, ScoringSinks } from '../queue/scoring-worker.js';
import { createWorkerMetrics, type WorkerMetrics } from './metrics.js';
import { startOpsServer, type OpsServer } from './server.js';

export interface WorkerOpsOptions {
  config: QueueConfig;
  logger: Logger;
  /** METRICS_PORT; 0 picks a free port. */
  port: number;
  /** METRICS_HOST, loopback by default. */
  host?: string;
  /** Rule set (and profile) the worker starts with; later jobs report reloads. */
  ruleset: string;
  profile?: string;
}

export interface WorkerOps {
  readonly metrics: WorkerMetrics;
  readonly server: OpsServer;
  /** Plug into runScoringWorker: they count what each job decided and rejected. */
  readonly sinks: Required<ScoringSinks>;
  close(): Promise<void>;
}

/**
 * Metrics and health for one scoring worker process. Queue depth and health
 * use a connection of their own, so a scrape never waits behind job traffic.
 */
export async function startWorkerOps(opts: WorkerOpsOptions): Promise<WorkerOps> {
  const { config } = opts;
  const redis = createRedis(config);
  const prefix = hashTaggedPrefix(config.prefix);
  const names = [config.queues.consignments, config.queues.decisions, config.queues.rejected];
  const queues = new Map(names.map((n) => [n, new Queue(n, { connection: redis, prefix })]));
  const metrics = createWorkerMetrics(undefined, { queues: { names, counts: (n) => queues.get(n)!.getJobCounts() } });
  let inUse = { ruleset: opts.ruleset, profile: opts.profile };
  metrics.inUse(inUse.ruleset, inUse.profile);
  const startedAt = Date.now();

  const noteRuleSet = (outcome: JobOutcome, profile?: string) => {
    if (outcome.ruleset === inUse.ruleset && profile === inUse.profile) return;
    inUse = { ruleset: outcome.ruleset, profile };
    metrics.inUse(inUse.ruleset, inUse.profile);
  };

  const server = await startOpsServer({
    port: opts.port,
    ...(opts.host ? { host: opts.host } : {}),
    registry: metrics.registry,
    health: () => ({
      ok: redis.status === 'ready',
      redis: redis.status,
      ruleset: inUse.ruleset,
      ...(inUse.profile ? { profile: inUse.profile } : {}),
      uptimeS: Math.round((Date.now() - startedAt) / 1000),
    }),
  });
  opts.logger.info({ url: server.url }, 'metrics and health endpoint listening');

  return {
    metrics,
    server,
    sinks: {
      onDecisions: [
        (decisions, outcome) => {
          metrics.decided(decisions);
          noteRuleSet(outcome, decisions[0]?.profile);
        },
      ],
      onRejections: [(rejections) => metrics.rejected(rejections.map((r) => r.code))],
    },
    async close() {
      await server.close();
      await Promise.all([...queues.values()].map((q) => q.close()));
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
