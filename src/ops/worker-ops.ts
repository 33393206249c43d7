import { Queue } from 'bullmq';
import type { QueueConfig } from '../config.js';
import type { Logger } from '../log.js';
import { createRedis } from '../queue/connection.js';
import { hashTaggedPrefix } from '../queue/names.js';
import type { MemoryState } from '../queue/memory-guard.js';
import type { ScoringSinks } from '../queue/scoring-worker.js';
import { createWorkerMetrics, type WorkerMetrics } from './metrics.js';
import { startOpsServer, type OpsServer } from './server.js';

export interface WorkerOps {
  readonly metrics: WorkerMetrics;
  /** Plug into runScoringWorker: they count what each job decided and rejected. */
  readonly sinks: Required<ScoringSinks>;
  /** Serves /metrics and /health. */
  listen(opts: { port: number; host?: string }): Promise<OpsServer>;
  /** The rule set (and profile) the worker started with; later jobs report reloads through the sinks. */
  inUse(ruleset: string, profile?: string): void;
  close(): Promise<void>;
}

/**
 * Metrics and health for one scoring worker process. Queue depth and health
 * use a connection of their own, so a scrape never waits behind job traffic.
 */
export function createWorkerOps(config: QueueConfig, logger: Logger): WorkerOps {
  const redis = createRedis(config);
  // The scoring worker's own connections report refusals; this one only answers scrapes.
  redis.on('error', () => undefined);
  const prefix = hashTaggedPrefix(config.prefix);
  const names = [config.queues.consignments, config.queues.decisions, config.queues.rejected];
  const queues = new Map(names.map((n) => [n, new Queue(n, { connection: redis, prefix })]));
  const metrics = createWorkerMetrics(undefined, { queues: { names, counts: (n) => queues.get(n)!.getJobCounts() } });
  let inUse: { ruleset: string; profile?: string } = { ruleset: '' };
  let server: OpsServer | undefined;
  let memory: MemoryState = { paused: false };
  const startedAt = Date.now();

  const note = (ruleset: string, profile?: string) => {
    if (ruleset === inUse.ruleset && profile === inUse.profile) return;
    inUse = { ruleset, ...(profile ? { profile } : {}) };
    metrics.inUse(ruleset, profile);
  };

  return {
    metrics,
    sinks: {
      onDecisions: [
        (decisions, outcome) => {
          metrics.decided(decisions);
          metrics.scoringSeconds(outcome.scoringMs / 1000);
          note(outcome.ruleset, decisions[0]?.profile);
        },
      ],
      onRejections: [
        (rejections, outcome) => {
          metrics.rejected(rejections.map((r) => r.code));
          // Sinks run only for non-empty lists: a job with no decision times itself here.
          if (outcome.decided === 0) metrics.scoringSeconds(outcome.scoringMs / 1000);
        },
      ],
      onRetry: [(kind) => metrics.retried(kind)],
      onStalled: [(ids) => metrics.stalled(ids.length)],
      onMemory: [
        (state) => {
          memory = state;
          metrics.memory(state.paused, state.usedBytes, state.maxBytes);
        },
      ],
    },
    inUse: note,
    async listen(opts) {
      server = await startOpsServer({
        port: opts.port,
        ...(opts.host ? { host: opts.host } : {}),
        registry: metrics.registry,
        health: () => ({
          ok: redis.status === 'ready',
          redis: redis.status,
          ruleset: inUse.ruleset,
          ...(inUse.profile ? { profile: inUse.profile } : {}),
          uptimeS: Math.round((Date.now() - startedAt) / 1000),
          // Paused for memory is healthy (restarting would not free Redis): 200, with the reason.
          takingJobs: !memory.paused,
          ...(memory.reason ? { memory } : {}),
        }),
      });
      logger.info({ url: server.url }, 'metrics and health endpoint listening');
      return server;
    },
    async close() {
      await server?.close();
      await Promise.all([...queues.values()].map((q) => q.close()));
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
