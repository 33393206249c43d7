import type { Command } from 'commander';
import { benchAudit } from '../../../bench/audit.js';
import { parseCount } from '../../audit/config.js';
import { withRedis } from './audit.js';

/** `targeting bench audit`: audit-trail throughput on keys of its own. */
export function registerAuditBench(bench: Command): void {
  bench
    .command('audit')
    .description(
      'measure audit-trail throughput (hashing, appends as workers make them, verification) on keys of its own',
    )
    .option('--records <n>', 'records per case', '20000')
    .option('--repeat <n>', 'repetitions per case (the median is printed)', '3')
    .action(async (opts: { records: string; repeat: string }) => {
      const rows = await withRedis((redis) =>
        benchAudit(redis, {
          records: parseCount(opts.records, '--records'),
          repeat: parseCount(opts.repeat, '--repeat'),
        }),
      );
      const width = Math.max(...rows.map((r) => r.case.length));
      process.stdout.write(`${'case'.padEnd(width)}  records/s\n`);
      for (const r of rows)
        process.stdout.write(`${r.case.padEnd(width)}  ${Math.round(r.perSecond).toString().padStart(9)}\n`);
    });
}
