/**
 * `targeting model train` on generated data: the first 9 months as history,
 * timed (wall and CPU) with peak RSS. Bar: 1,000,000 rows in ≤ 120 s, ≤ 2 GB.
 *
 *   npx tsx bench/model-train.ts [--rows 1000000] [--seed 7] [--dir /tmp/targeting-bench]
 */
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { writeCsv } from '../src/dataset/csv.js';
import { generateDeclarations } from '../src/dataset/generate.js';
import { BUILT_IN_MAPPING } from '../src/declaration/mapping.js';
import { readSplitFile } from '../src/evaluate/read-split.js';
import { trainModel } from '../src/model/train/train-model.js';
import { flag } from './flags.js';

const TEST_FROM = '2025-10-01';

const rows = Number(flag('rows', '1000000'));
const seed = Number(flag('seed', '7'));
const dir = flag('dir', '/tmp/targeting-bench');
mkdirSync(dir, { recursive: true });
const train = join(dir, `train-${rows}-${seed}.csv`);
if (!existsSync(train)) {
  const out = createWriteStream(train);
  await writeCsv(
    (function* () {
      for (const r of generateDeclarations({ rows, seed })) if (r.date < TEST_FROM) yield r;
    })(),
    out,
  );
  out.end();
  await finished(out);
}

const t0 = performance.now();
const cpu0 = process.cpuUsage();
const split = await readSplitFile(train, BUILT_IN_MAPPING);
const read = (performance.now() - t0) / 1000;
const model = trainModel(split.rows, { name: 'bench', seed });
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const v = model.validation;
console.log(
  `model train on ${model.training.rows} rows (${model.training.sampledRows ?? model.training.rows} fitted): ${seconds.toFixed(1)} s wall (read ${read.toFixed(1)} s), ` +
    `${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
);
console.log(
  `chosen ${model.hyperParameters.kind} (${model.ensemble.trees.length} trees); validation ${v.rows} rows: P@5% ${v.precisionAt['5'].toFixed(3)}, P@10% ${v.precisionAt['10'].toFixed(3)}, AUC ${v.auc?.toFixed(3)}`,
);
for (const g of model.grid)
  console.log(
    `  ${g.kind} ${JSON.stringify(g.hyperParameters)}${g.rounds ? ` ${g.rounds} rounds` : ''}: P@5% ${g.precisionAt['5'].toFixed(3)}, P@10% ${g.precisionAt['10'].toFixed(3)}, AUC ${g.auc?.toFixed(4)}`,
  );
