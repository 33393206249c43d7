import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { loadConfig } from '../config/load.js';
import type { Decision } from '../decision/decision.js';
import { deleteQueueKeys } from '../queue/cleanup.js';
import { bullConnection, createRedis, DEFAULT_REDIS_URL, safeUrl } from '../queue/connection.js';
import { hashTaggedPrefix } from '../queue/names.js';
import { readSourceFile, submit } from '../queue/producer.js';
import { readResults } from '../queue/results.js';
import { projectRoot } from '../project-root.js';
import { SCORING_WORKER_SCRIPT, spawnWorker, type SpawnedWorker } from '../queue/spawn-worker.js';
import { ping, redisServerInstalled, startRedisServer, type ThrowawayRedis } from './throwaway-redis.js';
import { printSummary } from './summary.js';

/**
 * `npm run demo`: the whole path on this machine. Finds Redis (REDIS_URL, else
 * 127.0.0.1:6379, else a throwaway redis-server), starts a scoring worker
 * process, submits the sample dataset, waits for every decision, prints the
 * channels and three explained red decisions, and removes what it started.
 */
async function main(): Promise<number> {
  const say = (s: string) => process.stdout.write(`${s}\n`);
  const redis = await findRedis(say);
  if (!redis) return 1;
  const root = projectRoot();
  const config = loadConfig(
    { ...process.env, REDIS_URL: redis.url },
    { prefix: `demo-${randomBytes(4).toString('hex')}`, rulesDir: join(root, 'rules') },
  );
  const client = createRedis(config);
  let worker: SpawnedWorker | undefined;
  const cleanUp = async () => {
    await worker?.stop();
    await deleteQueueKeys(client, config.prefix);
    await client.quit();
    await redis.stop();
  };
  // Ctrl-C still removes what the demo started.
  const interrupted = () => void cleanUp().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    worker = spawnWorker(SCORING_WORKER_SCRIPT, {
      REDIS_URL: config.redisUrl,
      QUEUE_PREFIX: config.prefix,
      RULES_DIR: config.rulesDir,
      LOG_LEVEL: 'info',
      HOT_RELOAD: '0',
    });
    await worker.ready;
    say(`worker started (prefix ${config.prefix}); submitting datasets/sample.csv…`);
    const prefix = hashTaggedPrefix(config.prefix);
    const consignments = new Queue(config.queues.consignments, { connection: client, prefix });
    const rejected = new Queue(config.queues.rejected, { connection: client, prefix });
    const started = Date.now();
    const sent = await submit(readSourceFile(join(root, 'datasets/sample.csv')), consignments, rejected, {
      batch: 500,
    });
    await Promise.all([consignments.close(), rejected.close()]);
    say(
      `submitted ${sent.submitted} consignments in ${sent.jobs} jobs (${sent.rejected} records rejected); waiting for decisions…`,
    );

    const decisions: Decision[] = [];
    const done = new AbortController();
    await readResults({
      connection: bullConnection(config),
      prefix,
      queue: config.queues.decisions,
      follow: true,
      signal: done.signal,
      write: (d) => {
        decisions.push(d);
        if (decisions.length >= sent.submitted) done.abort();
      },
    });
    printSummary(decisions, Date.now() - started, say);
    return 0;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await cleanUp();
  }
}

interface FoundRedis {
  url: string;
  stop(): Promise<void>;
}

async function findRedis(say: (s: string) => void): Promise<FoundRedis | undefined> {
  const keep = async () => {};
  if (process.env.REDIS_URL) {
    if (await ping(process.env.REDIS_URL)) return { url: process.env.REDIS_URL, stop: keep };
    process.stderr.write(
      `REDIS_URL ${safeUrl(process.env.REDIS_URL)} does not answer: start that Redis or unset REDIS_URL.\n`,
    );
    return undefined;
  }
  if (await ping(DEFAULT_REDIS_URL)) {
    say(`using Redis at ${DEFAULT_REDIS_URL}`);
    return { url: DEFAULT_REDIS_URL, stop: keep };
  }
  if (redisServerInstalled()) {
    const server: ThrowawayRedis = await startRedisServer();
    say(`no Redis running: started a throwaway redis-server on port ${server.port}`);
    return { url: server.url, stop: () => server.stop() };
  }
  process.stderr.write(
    'No Redis found: install redis-server (e.g. `sudo apt-get install -y redis-server` or `brew install redis`) or set REDIS_URL to a running Redis, then run `npm run demo` again.\n',
  );
  return undefined;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`demo failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
