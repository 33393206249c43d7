import type { QueueConfig } from '../config.js';
import { ConfigError } from '../errors.js';
import type { Logger } from '../log.js';
import { runScoringWorker, type RunningWorker } from '../queue/worker-process.js';
import { createWorkerOps } from './worker-ops.js';

/** METRICS_PORT (unset: no endpoint, so several workers on one host do not collide) and METRICS_HOST. */
export function metricsEndpointFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): { port: number; host: string } | undefined {
  const text = env.METRICS_PORT?.trim();
  if (!text) return undefined;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) {
    throw new ConfigError(
      'BAD_CONFIG',
      `METRICS_PORT="${text}" is not a port`,
      { field: 'METRICS_PORT' },
      'a number from 0 (any free port) to 65535',
    );
  }
  return { port, host: env.METRICS_HOST?.trim() || '127.0.0.1' };
}

/**
 * A scoring worker with its metrics and health endpoint when METRICS_PORT is
 * set. A port that cannot be bound refuses the start: a worker nobody can
 * observe is a configuration error, not a degraded mode.
 */
export async function runObservedWorker(
  config: QueueConfig,
  logger: Logger,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningWorker> {
  const endpoint = metricsEndpointFromEnv(env);
  if (!endpoint) return runScoringWorker(config, logger);
  const ops = createWorkerOps(config, logger);
  let running: RunningWorker;
  try {
    // Bind first: a port that is taken stops the start before any job is taken.
    await ops.listen(endpoint);
    running = await runScoringWorker(config, logger, ops.sinks, ops.reloaded);
  } catch (e) {
    await ops.close();
    throw e;
  }
  ops.inUse(running.rulesetId, running.profileId);
  return {
    rulesetId: running.rulesetId,
    ...(running.profileId !== undefined ? { profileId: running.profileId } : {}),
    async stop() {
      await running.stop();
      await ops.close();
    },
  };
}
