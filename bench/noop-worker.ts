import { Worker } from 'bullmq';
import { loadConfig } from '../src/config/load.js';
import { bullConnection } from '../src/queue/connection.js';
import { hashTaggedPrefix } from '../src/queue/names.js';

/**
 * The e2e benchmark's ceiling: a plain BullMQ worker that completes each job
 * without doing anything, on the same queue settings as a scoring worker.
 */
const config = loadConfig(process.env);
const worker = new Worker(config.queues.consignments, async () => {}, {
  connection: bullConnection(config),
  prefix: hashTaggedPrefix(config.prefix),
  concurrency: config.concurrency,
  removeOnComplete: { count: 1000 },
});
await worker.waitUntilReady();
process.stderr.write('noop worker started\n');
const stop = () => void worker.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
