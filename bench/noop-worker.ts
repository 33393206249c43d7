import { Worker } from 'bullmq';
import { loadConfig } from '../src/config/load.js';
import { closeClient, createRedis } from '../src/queue/connection.js';
import { hashTaggedPrefix } from '../src/queue/names.js';
import { allPrefixes } from '../src/queue/partitions.js';

/**
 * The e2e benchmark's ceiling: a plain BullMQ worker that completes each job
 * without doing anything, on the same queue settings as a scoring worker
 * (one per partition with QUEUE_PARTITIONS).
 */
const config = loadConfig(process.env);
const redis = createRedis(config);
const workers = allPrefixes(config.prefix, config.partitions, config.partitionsOwned).map(
  (prefix) =>
    new Worker(config.queues.consignments, async () => {}, {
      connection: redis,
      prefix: hashTaggedPrefix(prefix),
      concurrency: config.concurrency,
      removeOnComplete: { count: 1000 },
    }),
);
await Promise.all(workers.map((w) => w.waitUntilReady()));
process.stderr.write('noop worker started\n');
const stop = () =>
  void Promise.all(workers.map((w) => w.close()))
    .then(() => closeClient(redis))
    .then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
