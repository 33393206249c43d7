import type { Command } from 'commander';
import { ErrorBudget, addMappingOptions, mappingFromOptions } from '../../declaration/mapping.js';
import { buildProfileFile } from '../../features/build-file.js';
import { loadProfile } from '../../features/profile.js';
import { countRecordsIfLarge } from '../count-records.js';
import { progressBar } from '../progress.js';

/** `targeting profile build|info`: statistical profiles from labelled history. */
export function register(program: Command): void {
  const profile = program
    .command('profile')
    .description('statistical risk profiles built from labelled historical declarations');
  addMappingOptions(
    profile
      .command('build')
      .description('build a profile (entity risk, price norms, first-seen dates) from a labelled history')
      .argument('<history>', 'past declarations with inspection outcomes, CSV or NDJSON'),
  )
    .requiredOption('--out <file>', 'profile file to write')
    .action(async (history: string, opts: { mapping?: string; maxErrors?: number; out: string }) => {
      const started = performance.now();
      const budget = new ErrorBudget({ file: history, maxErrors: opts.maxErrors });
      const bar = progressBar('profiling', await countRecordsIfLarge(history));
      let seen = 0;
      const { id, body } = await buildProfileFile(history, opts.out, {
        mapping: mappingFromOptions(opts),
        budget,
        onProgress: (rows) => {
          bar.tick(rows - seen);
          seen = rows;
        },
      });
      bar.stop();
      const { from, to } = body.source.dateRange;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stderr.write(
        `profile ${id.slice(0, 12)} from ${body.source.rows} rows (${body.source.labelled} inspected, ${body.overall.illicit} illicit${from ? `, ${from} to ${to}` : ''}), ` +
          `${budget.errors} rejected → ${opts.out} in ${seconds}s\n`,
      );
      if (budget.first) process.stderr.write(`first rejected row: ${budget.first.message}\n`);
    });

  profile
    .command('info')
    .description("print a profile's id, source and size as JSON")
    .argument('<file>', 'profile file')
    .action((file: string) => {
      const p = loadProfile(file);
      const groups = Object.fromEntries(Object.entries(p.groups).map(([name, t]) => [name, t.keys.length]));
      process.stdout.write(
        `${JSON.stringify({ id: p.id, builtAt: p.builtAt, source: p.source, overall: p.overall, settings: p.settings, strength: p.strength, groups }, null, 2)}\n`,
      );
    });
}
