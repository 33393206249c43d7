import { loadConfig } from '../src/config/load.js';
import { TargetingError } from '../src/errors.js';
import { configureLogging, createLogger } from '../src/log.js';
import { runObservedWorker } from '../src/ops/observed-worker.js';
import { stopOnSignals } from '../src/queue/worker-process.js';

/**
 * Process entry of a scoring worker (`node dist/workers/scoring-worker.js`,
 * or `targeting worker`): configuration from the environment (`targeting worker --help` lists it).
 */
const logger = createLogger('scoring-worker');
try {
  const concurrency = process.argv.indexOf('--concurrency');
  const env = concurrency > 0 ? { ...process.env, CONCURRENCY: process.argv[concurrency + 1] } : process.env;
  const config = loadConfig(env);
  configureLogging(config.log);
  // Started through npm run / npx (npm sets npm_command): stop with that parent.
  stopOnSignals(await runObservedWorker(config, logger), logger, { stopWhenOrphaned: Boolean(env.npm_command) });
} catch (e) {
  if (!(e instanceof TargetingError)) throw e;
  process.stderr.write(`error: ${e.message}\n`);
  process.exit(1);
}
