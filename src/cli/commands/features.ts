import type { Command } from 'commander';
import { BUILT_IN_FACTS } from '../../features/catalog.js';

export function register(program: Command): void {
  program
    .command('features')
    .description('list every fact a rule can use, with a one-line description')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      if (opts.json) {
        process.stdout.write(
          JSON.stringify(
            BUILT_IN_FACTS.map(({ name, type, source, description }) => ({ name, type, source, description })),
            null,
            2,
          ) + '\n',
        );
        return;
      }
      const width = Math.max(...BUILT_IN_FACTS.map((f) => f.name.length));
      let source = '';
      for (const f of BUILT_IN_FACTS) {
        if (f.source !== source) process.stdout.write(`${source ? '\n' : ''}# ${(source = f.source)}\n`);
        process.stdout.write(`${f.name.padEnd(width)}  ${f.type.padEnd(7)}  ${f.description}\n`);
      }
    });
}
