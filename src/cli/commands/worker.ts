import { InvalidArgumentError, type Command } from 'commander';
import { loadQueueConfig } from '../../config.js';
import { parseCapacity } from '../../decision/capacity.js';
import { createLogger } from '../../log.js';
import { runObservedWorker } from '../../ops/observed-worker.js';
import { stopOnSignals } from '../../queue/worker-process.js';

/** `targeting worker`: a scoring worker in this process, configured from the environment. */
export function register(program: Command): void {
  program
    .command('worker')
    .description(
      'score consignments from the Redis queue and emit decisions (settings: REDIS_URL, QUEUE_PREFIX, RULES_DIR… see docs/operations.md)',
    )
    .option('--concurrency <n>', 'jobs processed at once (default: CONCURRENCY or 8)', positiveInteger)
    .option('--rules <dir>', 'rule-set directory (default: RULES_DIR or rules)')
    .option('--capacity <share>', 'red for the top share of each day by score, e.g. 5% (default: CAPACITY)')
    .action(async (opts: { concurrency?: number; rules?: string; capacity?: string }) => {
      const config = loadQueueConfig(process.env, {
        ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
        ...(opts.rules ? { rulesDir: opts.rules } : {}),
        ...(opts.capacity ? { capacity: parseCapacity(opts.capacity) } : {}),
      });
      const logger = createLogger('scoring-worker');
      // Started through npm run / npx (npm sets npm_command): stop with that parent.
      stopOnSignals(await runObservedWorker(config, logger), logger, {
        stopWhenOrphaned: Boolean(process.env.npm_command),
      });
    });
}

export function positiveInteger(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new InvalidArgumentError('expected a positive integer');
  return Number(v);
}
