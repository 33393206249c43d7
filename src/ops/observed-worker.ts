import type { Config } from '../config/load.js';
import type { Logger } from '../log.js';
import { runScoringWorker, type RunningWorker } from '../queue/worker-process.js';
import { createWorkerOps } from './worker-ops.js';

/**
 * A scoring worker with its metrics and health endpoint when METRICS_PORT is
 * set. A port that cannot be bound refuses the start: a worker nobody can
 * observe is a configuration error, not a degraded mode.
 */
export async function runObservedWorker(config: Config, logger: Logger): Promise<RunningWorker> {
  const endpoint = config.metrics;
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
