import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { loadQueueConfig } from '../../config.js';
import { bullConnection } from '../../queue/connection.js';
import { hashTaggedPrefix } from '../../queue/names.js';
import { readResults } from '../../queue/results.js';
import { exitOnRefusal, requireRedis } from '../redis-checks.js';

/** `targeting results`: decisions from the queue as NDJSON, one per line. */
export function register(program: Command): void {
  program
    .command('results')
    .description('read decisions from the decisions queue as NDJSON (consumes them: each decision is read once)')
    .option('--follow', 'keep waiting for new decisions until interrupted')
    .option('--out <file>', 'append to this file instead of stdout')
    .action(async (opts: { follow?: boolean; out?: string }) => {
      const config = loadQueueConfig();
      await requireRedis(config);
      const out: Writable = opts.out ? createWriteStream(opts.out, { flags: 'a' }) : process.stdout;
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        const count = await readResults({
          connection: bullConnection(config),
          prefix: hashTaggedPrefix(config.prefix),
          queue: config.queues.decisions,
          follow: Boolean(opts.follow),
          signal: stop.signal,
          onWorker: (worker) => exitOnRefusal(config, worker),
          write: async (d) => {
            if (!out.write(`${JSON.stringify(d)}\n`)) await once(out, 'drain');
          },
        });
        process.stderr.write(`${count} decisions read\n`);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        if (opts.out) {
          out.end();
          await once(out, 'finish');
        }
      }
    });
}
