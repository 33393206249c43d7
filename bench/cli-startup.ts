/**
 * CLI start-up: the median wall time of `targeting --help` (and any other arguments) over N fresh processes.
 * The bar is ≤ 300 ms for `--help`: command modules load only when their command runs.
 *
 *   npm run bench -- cli-startup [--runs 15] [-- score --help]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { flag } from './flags.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

const runs = Number(flag('runs', '15'));
const sep = process.argv.indexOf('--');
const args = sep >= 0 ? process.argv.slice(sep + 1) : ['--help'];

const times: number[] = [];
for (let i = 0; i < runs; i++) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
  if (r.status !== 0) throw new Error(`targeting ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(runs / 2)];
console.log(
  `targeting ${args.join(' ')}: median ${median.toFixed(0)} ms over ${runs} runs ` +
    `(min ${times[0].toFixed(0)}, max ${times[runs - 1].toFixed(0)}); node -e '' for scale: ${nodeAlone().toFixed(0)} ms`,
);

function nodeAlone(): number {
  const t: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '']);
    t.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return t.sort((a, b) => a - b)[2];
}
