import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { loadConfig, type Config } from '../config/load.js';
import { checkTopology, closeClient, createRedis } from '../queue/connection.js';
import { hashTaggedPrefix } from '../queue/names.js';
import { allPrefixes } from '../queue/partitions.js';
import type { ReadQueueOptions } from '../queue/results.js';
import { QUEUE_ENV_HELP } from './queue-env-help.js';
import { exitOnRefusal, requireRedis } from './redis-checks.js';

export interface QueueReaderCommand<T> {
  name: string;
  description: string;
  /** What one line is, for the help and the count on stderr. */
  noun: string;
  queue: (config: Config) => string;
  read: (opts: ReadQueueOptions<T>) => Promise<number>;
}

/**
 * A command that drains one queue as NDJSON to stdout or a file: `results`,
 * `rejected`. With partitioned queues it drains every partition's, side by side.
 */
export function registerQueueReader<T>(program: Command, c: QueueReaderCommand<T>): void {
  program
    .command(c.name)
    .description(c.description)
    .option('--follow', `keep waiting for new ${c.noun} until interrupted`)
    .option('--out <file>', 'append to this file instead of stdout')
    .addHelpText('after', QUEUE_ENV_HELP)
    .action(async (opts: { follow?: boolean; out?: string }) => {
      const config = loadConfig(process.env);
      const out: Writable = opts.out ? createWriteStream(opts.out, { flags: 'a' }) : process.stdout;
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      // A cluster node reached as a single one answers MOVED to every command: refuse with the setting to use.
      await checkTopology(config);
      // Refused credentials or ACL: one line and exit, never a retry loop printing the error.
      await requireRedis(config);
      const redis = createRedis(config);
      exitOnRefusal(config, redis);
      try {
        const counts = await Promise.all(
          allPrefixes(config.prefix, config.partitions).map((prefix) =>
            c.read({
              connection: redis,
              prefix: hashTaggedPrefix(prefix),
              queue: c.queue(config),
              follow: Boolean(opts.follow),
              signal: stop.signal,
              onWorker: (worker) => exitOnRefusal(config, worker),
              write: async (item) => {
                if (!out.write(`${JSON.stringify(item)}\n`)) await once(out, 'drain');
              },
            }),
          ),
        );
        process.stderr.write(`${counts.reduce((a, b) => a + b, 0)} ${c.noun} read\n`);
      } finally {
        await closeClient(redis);
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        if (opts.out) {
          out.end();
          await once(out, 'finish');
        }
      }
    });
}
