import { InvalidArgumentError, type Command } from 'commander';
import { settingsHelp } from '../../config/help.js';
import { loadConfig, type Config } from '../../config/load.js';
import { parseCapacity } from '../../decision/capacity.js';
import { configureLogging, createLogger } from '../../log.js';
import { runObservedWorker } from '../../ops/observed-worker.js';
import { stopOnSignals } from '../../queue/worker-process.js';

interface WorkerFlags {
  concurrency?: number;
  rules?: string;
  profile?: string;
  watchlists?: string;
  mapping?: string;
  model?: string;
  capacity?: string;
}

/** `targeting worker`: a scoring worker in this process, configured from the environment; flags win over it. */
export function register(program: Command): void {
  program
    .command('worker')
    .description('score consignments from the Redis queue and emit decisions')
    .option('--concurrency <n>', 'jobs processed at once (CONCURRENCY)', positiveInteger)
    .option('--rules <dir>', 'rule-set directory (RULES_DIR)')
    .option('--profile <file>', 'profile file (PROFILE)')
    .option('--watchlists <dir>', 'watchlist directory or file (WATCHLISTS_DIR)')
    .option('--mapping <file>', 'mapping file whose extra columns are facts (MAPPING)')
    .option('--model <file>', 'risk model file (MODEL)')
    .option('--capacity <share>', 'red for the top share of each day by score, e.g. 5% (CAPACITY)')
    .addHelpText('after', settingsHelp())
    .action(async (opts: WorkerFlags) => {
      const config = loadConfig(process.env, flagOverrides(opts));
      configureLogging(config.log);
      const logger = createLogger('scoring-worker');
      // Started through npm run / npx (npm sets npm_command): stop with that parent.
      stopOnSignals(await runObservedWorker(config, logger), logger, {
        stopWhenOrphaned: Boolean(process.env.npm_command),
      });
    });
}

function flagOverrides(opts: WorkerFlags): Partial<Config> {
  return {
    ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
    ...(opts.rules ? { rulesDir: opts.rules } : {}),
    ...(opts.profile ? { profile: opts.profile } : {}),
    ...(opts.watchlists ? { watchlistsDir: opts.watchlists } : {}),
    ...(opts.mapping ? { mapping: opts.mapping } : {}),
    ...(opts.model ? { model: opts.model } : {}),
    ...(opts.capacity ? { capacity: parseCapacity(opts.capacity) } : {}),
  };
}

export function positiveInteger(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new InvalidArgumentError('expected a positive integer');
  return Number(v);
}
