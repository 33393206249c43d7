import { existsSync } from 'node:fs';
import { Queue } from 'bullmq';
import { Option, type Command } from 'commander';
import { INPUT_FORMATS, type InputFormat } from '../../declaration/read-lines.js';
import { loadQueueConfig } from '../../config.js';
import { ConfigError } from '../../errors.js';
import { createRedis } from '../../queue/connection.js';
import { hashTaggedPrefix } from '../../queue/names.js';
import { readSourceFile, submit } from '../../queue/producer.js';
import { countLinesIfLarge } from '../count-lines.js';
import { progressBar } from '../progress.js';
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
    .action(async (file: string, opts: { batch: number; format?: InputFormat }) => {
      const config = loadQueueConfig();
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
      const redis = createRedis(config, { maxRetriesPerRequest: 3 });
      const prefix = hashTaggedPrefix(config.prefix);
      const consignments = new Queue(config.queues.consignments, { connection: redis, prefix });
      const rejected = new Queue(config.queues.rejected, { connection: redis, prefix });
      const bar = progressBar('submit', await countLinesIfLarge(file, 0));
      let read = 0;
      try {
        const done = await submit(readSourceFile(file, opts.format), consignments, rejected, {
          batch: opts.batch,
          onProgress: (p) => {
            bar.tick(p.read - read);
            read = p.read;
          },
        });
        bar.stop();
        process.stderr.write(
          `submitted ${done.submitted} consignments in ${done.jobs} jobs; ${done.rejected} records rejected (see the "${config.queues.rejected}" queue)\n`,
        );
      } finally {
        await consignments.close();
        await rejected.close();
        await redis.quit();
      }
    });
}
