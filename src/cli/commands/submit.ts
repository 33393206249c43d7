import { existsSync } from 'node:fs';
import { Queue } from 'bullmq';
import { Option, type Command } from 'commander';
import { INPUT_FORMATS, type InputFormat } from '../../declaration/read-lines.js';
import { loadConfig } from '../../config/load.js';
import { ConfigError } from '../../errors.js';
import { checkTopology, closeClient, createRedis } from '../../queue/connection.js';
import { hashTaggedPrefix } from '../../queue/names.js';
import { parseInfoMemory } from '../../queue/memory-guard.js';
import { allPrefixes } from '../../queue/partitions.js';
import { readSourceFile, submit } from '../../queue/producer.js';
import { exitOnRefusal, requireRedis } from '../redis-checks.js';
import { countRecordsIfLarge } from '../count-records.js';
import { progressBar } from '../progress.js';
import { QUEUE_ENV_HELP } from '../queue-env-help.js';
import { positiveInteger } from './worker.js';

/** `targeting submit <file>`: a CSV, NDJSON or WCO DM XML file of declarations into the consignments queue. */
export function register(program: Command): void {
  program
    .command('submit <file>')
    .description(
      'submit declarations (CSV, NDJSON or WCO DM XML) to the scoring queue, with backpressure and a progress bar on stderr',
    )
    .addOption(
      new Option(
        '--format <format>',
        'input format (default: from the extension; XML detected by its first character)',
      ).choices(INPUT_FORMATS),
    )
    .option('--batch <n>', 'consignments per job (1 = one job per consignment)', positiveInteger, 500)
    .addHelpText('after', QUEUE_ENV_HELP)
    .action(async (file: string, opts: { batch: number; format?: InputFormat }) => {
      const config = loadConfig(process.env);
      if (!existsSync(file))
        throw new ConfigError('NOT_FOUND', 'no such file', { file }, 'pass a CSV or NDJSON file of consignments');
      if (opts.batch > config.batchMax) {
        throw new ConfigError(
          'BATCH_TOO_LARGE',
          `--batch ${opts.batch} is over the workers' maximum of ${config.batchMax}`,
          { field: 'batch' },
          'use a smaller --batch or raise BATCH_MAX on every worker',
        );
      }
      // A cluster node reached as a single one answers MOVED to every command: refuse with the setting to use.
      await checkTopology(config);
      await requireRedis(config);
      const redis = createRedis(config, { maxRetriesPerRequest: 3 });
      // One input queue per partition (just the one without QUEUE_PARTITIONS); refused records go to the first's rejected queue.
      const prefixes = allPrefixes(config.prefix, config.partitions).map(hashTaggedPrefix);
      const consignments = prefixes.map(
        (prefix) => new Queue(config.queues.consignments, { connection: redis, prefix }),
      );
      const rejected = new Queue(config.queues.rejected, { connection: redis, prefix: prefixes[0] });
      exitOnRefusal(config, redis, ...consignments, rejected);
      const bar = progressBar('submit', await countRecordsIfLarge(file, 0));
      let read = 0;
      try {
        const done = await submit(
          readSourceFile(file, opts.format),
          consignments.length === 1 ? consignments[0] : consignments,
          rejected,
          {
            batch: opts.batch,
            memory: async () => parseInfoMemory(await redis.info('memory')),
            memoryHigh: config.memoryHighPercent / 100,
            onProgress: (p) => {
              bar.tick(p.read - read);
              read = p.read;
            },
          },
        );
        bar.stop();
        process.stderr.write(
          `submitted ${done.submitted} consignments in ${done.jobs} jobs; ${done.rejected} records rejected (see the "${config.queues.rejected}" queue)\n`,
        );
      } finally {
        await Promise.all([...consignments, rejected].map((q) => q.close()));
        await closeClient(redis);
      }
    });
}
