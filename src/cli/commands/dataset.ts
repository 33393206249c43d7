import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { writeCsv } from '../../dataset/csv.js';
import { generateDeclarations } from '../../dataset/generate.js';

/** `targeting dataset generate`: seeded synthetic declarations as CSV. */
export function register(program: Command): void {
  const dataset = program.command('dataset').description('synthetic datasets of labelled declarations');
  dataset
    .command('generate')
    .description(
      'generate realistic declarations with injected fraud patterns, an inspection label and the revenue raised (CSV)',
    )
    .requiredOption('--rows <n>', 'number of declarations', positiveInteger)
    .option('--seed <s>', 'random seed: the same seed gives the same rows', integer, 1)
    .option('--start <date>', 'first declaration date (YYYY-MM-DD)', '2025-01-01')
    .option('--days <n>', 'days the declarations span', positiveInteger, 365)
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (opts: { rows: number; seed: number; start: string; days: number; out?: string }) => {
      const rows = generateDeclarations({ rows: opts.rows, seed: opts.seed, start: opts.start, days: opts.days });
      if (!opts.out) {
        await writeCsv(rows, process.stdout);
        return;
      }
      const out = createWriteStream(opts.out);
      await writeCsv(rows, out);
      out.end();
      await finished(out);
    });
}

function integer(v: string): number {
  if (!/^-?\d+$/.test(v)) throw new InvalidArgumentError('expected an integer');
  return Number(v);
}

function positiveInteger(v: string): number {
  const n = integer(v);
  if (n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}
