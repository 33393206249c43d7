import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { loadQueueConfig } from '../../config.js';
import { checkTopology, closeClient, createRedis } from '../../queue/connection.js';
import { hashTaggedPrefix } from '../../queue/names.js';
import { allPrefixes } from '../../queue/partitions.js';
import { readResults } from '../../queue/results.js';

/** `targeting results`: decisions from the queue as NDJSON, one per line. */
export function register(program: Command): void {
  program
    .command('results')
    .description('read decisions from the decisions queue as NDJSON (consumes them: each decision is read once)')
    .option('--follow', 'keep waiting for new decisions until interrupted')
    .option('--out <file>', 'append to this file instead of stdout')
    .action(async (opts: { follow?: boolean; out?: string }) => {
      const config = loadQueueConfig();
      const out: Writable = opts.out ? createWriteStream(opts.out, { flags: 'a' }) : process.stdout;
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      // A cluster node reached as a single one answers MOVED to every command: refuse with the setting to use.
      await checkTopology(config);
      const redis = createRedis(config);
      try {
        // Every partition's decisions queue (the one queue without QUEUE_PARTITIONS), read side by side.
        const counts = await Promise.all(
          allPrefixes(config.prefix, config.partitions).map((prefix) =>
            readResults({
              connection: redis,
              prefix: hashTaggedPrefix(prefix),
              queue: config.queues.decisions,
              follow: Boolean(opts.follow),
              signal: stop.signal,
              write: async (d) => {
                if (!out.write(`${JSON.stringify(d)}\n`)) await once(out, 'drain');
              },
            }),
          ),
        );
        process.stderr.write(`${counts.reduce((a, b) => a + b, 0)} decisions read\n`);
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
