import { Queue } from 'bullmq';
import type { Config } from '../config/load.js';
import type { Logger } from '../log.js';
import { closeClient, createRedis } from '../queue/connection.js';
import { hashTaggedPrefix } from '../queue/names.js';
import type { ReloadStatus } from '../queue/ruleset-watcher.js';
import { allPrefixes } from '../queue/partitions.js';
import type { MemoryState } from '../queue/memory-guard.js';
import type { ScoringSinks } from '../queue/scoring-sinks.js';
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
  /** Hot reload's outcome: a refused edit shows on /health and in the metrics until a good one loads. */
  reloaded(status: ReloadStatus): void;
  close(): Promise<void>;
}

/**
 * Metrics and health for one scoring worker process. Queue depth and health
 * use a connection of their own, so a scrape never waits behind job traffic.
 */
export function createWorkerOps(config: Config, logger: Logger): WorkerOps {
  const redis = createRedis(config);
  // The scoring worker's own connections report refusals; this one only answers scrapes.
  redis.on('error', () => undefined);
  const prefixes = allPrefixes(config.prefix, config.partitions).map(hashTaggedPrefix);
  const names = [config.queues.consignments, config.queues.decisions, config.queues.rejected];
  // With partitions, a queue's depth is the sum over every partition's.
  const queues = new Map(names.map((n) => [n, prefixes.map((prefix) => new Queue(n, { connection: redis, prefix }))]));
  // Without a listener BullMQ prints each error itself, AUTH arguments included.
  for (const q of [...queues.values()].flat()) q.on('error', () => undefined);
  const counts = async (n: string) => {
    const total: Record<string, number> = {};
    for (const c of await Promise.all(queues.get(n)!.map((q) => q.getJobCounts())))
      for (const [state, k] of Object.entries(c)) total[state] = (total[state] ?? 0) + k;
    return total;
  };
  const metrics = createWorkerMetrics(undefined, { queues: { names, counts } });
  let inUse: { ruleset: string; profile?: string } = { ruleset: '' };
  let reload: ReloadStatus | undefined;
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
      onReclaimed: [(ids) => metrics.reclaimed(ids.length)],
      onMemory: [
        (state) => {
          memory = state;
          metrics.memory(state);
        },
      ],
    },
    inUse: note,
    reloaded(status) {
      reload = status;
      metrics.reloadRefused(status.refused ? new Date(status.since) : undefined);
    },
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
          // Still serving (ok), but the files on disk are not what runs: an operator must look.
          ...(reload?.refused
            ? {
                reload: {
                  refused: true,
                  serving: reload.serving,
                  since: reload.since,
                  errors: reload.errors.slice(0, 5),
                },
              }
            : {}),
          uptimeS: Math.round((Date.now() - startedAt) / 1000),
          // Paused for memory, or Redis full, is healthy (restarting would not free Redis): 200, with the reason.
          takingJobs: !memory.paused && !memory.full,
          ...(memory.reason ? { memory } : {}),
        }),
      });
      logger.info({ url: server.url }, 'metrics and health endpoint listening');
      return server;
    },
    async close() {
      await server?.close();
      await Promise.all([...queues.values()].flat().map((q) => q.close()));
      await closeClient(redis);
    },
  };
}
