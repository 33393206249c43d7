import { availableParallelism } from 'node:os';
import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { declarationsPerBatchJob, runE2eBench, type E2eResult } from '../../../bench/e2e.js';
import { positiveInteger } from './worker.js';
import { shippedFile } from '../default-rules.js';

interface E2eCliOptions {
  json?: boolean;
  data: string;
  items: number;
  batchConsignments: number;
  singleConsignments: number;
  seconds: number;
  warmup: number;
  rate: number;
  concurrency: number;
  batchConcurrency: number;
  workers: number;
  rounds: number;
  partitions?: number;
}

/** The bar issue 3 sets on a 2-core machine. */
const BAR = { batchPerS: 100_000, singleVsNoop: 0.7, p99Ms: 20 };

/**
 * `targeting bench e2e`: submit → decision through Redis with worker processes.
 * Registered under the `bench` command, which owns the other subcommands.
 */
export function registerE2e(bench: Command): void {
  const e2e = bench
    .command('e2e')
    .description(
      'end-to-end throughput through Redis (batch jobs, single jobs, no-op BullMQ ceiling) and latency at a fixed rate',
    )
    .option(
      '--json',
      'print {"batch_per_s","single_per_s","noop_single_per_s","noop_batch_per_s","p50_ms","p99_ms","noop_p50_ms","noop_p99_ms","items","batch_items_per_s","single_items_per_s"}',
    )
    .option('--data <file>', 'consignments replicated as the workload', shippedFile('datasets/sample.csv'));
  for (const [flag, text, value] of COUNT_OPTIONS) e2e.option(flag, text, positiveInteger, value);
  e2e.option(
    '--warmup <n>',
    'seconds sent at the same rate before latencies count (the worker process starts cold)',
    nonNegativeInteger,
    1,
  );
  e2e.action(async (opts: E2eCliOptions) => {
    const config = loadConfig(process.env);
    const result = await runE2eBench({
      config,
      dataFile: opts.data,
      items: opts.items,
      batchConsignments: opts.batchConsignments,
      singleConsignments: opts.singleConsignments,
      latencySeconds: opts.seconds,
      warmupSeconds: opts.warmup,
      rate: opts.rate,
      singleConcurrency: opts.concurrency,
      batchConcurrency: opts.batchConcurrency,
      workers: opts.workers,
      rounds: opts.rounds,
      ...(opts.partitions ? { partitions: opts.partitions } : {}),
      log: opts.json ? undefined : (line) => process.stderr.write(`${line}\n`),
    });
    process.stdout.write(opts.json ? `${JSON.stringify(result)}\n` : report(result, opts.rate));
  });
}

/** The bench's counts, in help order (each a positive whole number): flag, what it sets, default. */
const COUNT_OPTIONS: [string, string, number?][] = [
  ['--items <n>', "goods items per declaration: the data file's records grouped N at a time", 1],
  ['--batch-consignments <n>', 'consignments in the batch phase (500 per job)', 200_000],
  ['--rounds <n>', 'throughput rounds (no-op and scoring alternate); figures are medians', 5],
  ['--single-consignments <n>', 'consignments in each single-job phase', 20_000],
  ['--seconds <n>', 'duration of the latency phase', 5],
  ['--rate <n>', 'consignments per second in the latency phase', 1000],
  ['--concurrency <n>', 'worker concurrency for single jobs (both scoring and no-op)', 128],
  ['--batch-concurrency <n>', 'worker concurrency for batch jobs', 4],
  ['--workers <n>', 'worker processes in the throughput phases (both scoring and no-op)', availableParallelism()],
  ['--partitions <n>', 'spread every phase over N partitions (QUEUE_PARTITIONS); default: one prefix'],
];

function nonNegativeInteger(v: string): number {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError('expected a whole number of seconds');
  return Number(v);
}

function report(r: E2eResult, rate: number): string {
  const ratio = r.single_per_s / r.noop_single_per_s;
  const mark = (ok: boolean) => (ok ? 'ok' : 'BELOW BAR');
  const unit = r.items > 1 ? `declarations of ${r.items} items` : 'consignments';
  return [
    `batch jobs (${declarationsPerBatchJob(r.items)}/job)   ${r.batch_per_s.toLocaleString('en')} ${unit}/s   bar ≥ ${BAR.batchPerS.toLocaleString('en')}: ${mark(r.batch_per_s >= BAR.batchPerS)}`,
    `single jobs            ${r.single_per_s.toLocaleString('en')} ${unit}/s   ${(ratio * 100).toFixed(0)} % of no-op, bar ≥ ${BAR.singleVsNoop * 100} %: ${mark(ratio >= BAR.singleVsNoop)}`,
    ...(r.items > 1
      ? [
          `goods items            batch ${r.batch_items_per_s.toLocaleString('en')}/s, single ${r.single_items_per_s.toLocaleString('en')}/s`,
        ]
      : []),
    `no-op BullMQ ceiling   single ${r.noop_single_per_s.toLocaleString('en')} jobs/s, batch ${r.noop_batch_per_s.toLocaleString('en')} ${unit}/s`,
    `latency at ${rate}/s     p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms   bar p99 ≤ ${BAR.p99Ms} ms: ${mark(r.p99_ms <= BAR.p99Ms)}`,
    `no-op latency          p50 ${r.noop_p50_ms} ms, p99 ${r.noop_p99_ms} ms`,
    '',
  ].join('\n');
}
