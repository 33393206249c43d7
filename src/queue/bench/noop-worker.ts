import { Worker } from 'bullmq';
import { loadConfig } from '../../config/load.js';
import { bullConnection } from '../connection.js';
import { hashTaggedPrefix } from '../names.js';

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
