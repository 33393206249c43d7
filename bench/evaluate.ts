/**
 * The evaluation bar on generated data: train on the first 9 months, test on
 * the last 3, calibrate, and compare precision@5 % with the importer baseline
 * and the best single rule; times the whole `evaluate --calibrate` run.
 *
 *   npm run bench -- evaluate [--rows 1000000] [--seed 7] [--dir /tmp/targeting-bench]
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { BUILT_IN_MAPPING } from '../src/declaration/mapping.js';
import { writeCsv } from '../src/dataset/csv.js';
import { generateDeclarations, type DeclarationRow } from '../src/dataset/generate.js';
import { inspectedCount, measureRanking, REPORTED_RATES } from '../src/evaluate/metrics.js';
import { sideBySide } from '../src/evaluate/result.js';
import { evaluate, type Evaluation } from '../src/evaluate/run.js';
import { loadRuleSet } from '../src/ruleset/load.js';
import { flag } from './flags.js';

const TEST_FROM = '2025-10-01';

async function writeSplit(
  file: string,
  rows: number,
  seed: number,
  keep: (r: DeclarationRow) => boolean,
): Promise<void> {
  const out = createWriteStream(file);
  await writeCsv(
    (function* () {
      for (const r of generateDeclarations({ rows, seed })) if (keep(r)) yield r;
    })(),
    out,
  );
  out.end();
  await finished(out);
}

const rows = Number(flag('rows', '200000'));
const seed = Number(flag('seed', '7'));
const dir = flag('dir', '/tmp/targeting-bench');
mkdirSync(dir, { recursive: true });
const train = join(dir, `train-${rows}-${seed}.csv`);
const test = join(dir, `test-${rows}-${seed}.csv`);
await writeSplit(train, rows, seed, (r) => r.date < TEST_FROM);
await writeSplit(test, rows, seed, (r) => r.date >= TEST_FROM);

const t0 = performance.now();
const ev = await evaluate({
  train,
  test,
  mapping: BUILT_IN_MAPPING,
  rules: loadRuleSet(flag('rules', 'rules')),
  calibrate: { out: join(dir, 'scorecard.json'), name: 'scorecard', seed },
});
const seconds = (performance.now() - t0) / 1000;

const r = ev.result;
const p5 = (m: { measures: { at: Record<string, { precision: number }> } }) => m.measures.at['5'].precision;
const importer = p5(r.baselines.importer);
// A single rule as a ranking: its hits first, then the rest, ties by id.
const { test: outcomes, scores } = ev.scored;
const singles = r.rules
  .filter((x) => x.hits > 0)
  .map((x) => {
    const ranking = outcomes.map((o, i) => ({
      id: o.consignment.id,
      score: scores.rules[i].includes(x.rule) ? 1 : 0,
      illicit: o.illicit,
    }));
    return {
      rule: x.rule,
      p5: measureRanking(ranking, false).at['5'].precision,
      hitPrecision: x.precision,
      hits: x.hits,
    };
  })
  .sort((a, b) => b.p5 - a.p5);
const best = singles[0];
const k = inspectedCount(r.rows, 5);
const broad = singles.filter((s) => s.hits >= k).sort((a, b) => b.hitPrecision - a.hitPrecision)[0];

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
console.log(
  `rows generated ${rows} (seed ${seed}); train ${ev.trainRows}, test ${r.rows} (from ${TEST_FROM}), illicit ${pct(r.illicitRate)}`,
);
console.log(
  `evaluate --calibrate: ${seconds.toFixed(1)} s (read, profile, fit on ${ev.scorecard?.fitted} rows, score, measure)`,
);
for (const m of [...sideBySide(r), r.baselines.price, r.baselines.importer]) {
  console.log(
    `  ${m.label.padEnd(22)} precision@5% ${pct(p5(m)).padStart(7)}   recall@5% ${pct(m.measures.at['5'].recall).padStart(7)}   AUC ${m.measures.auc?.toFixed(3)}`,
  );
}
const calibrated = p5(r.primary);
console.log(
  `calibrated (rules + scorecard) precision@5% ${pct(calibrated)} = ${(calibrated / importer).toFixed(2)} × importer baseline (bar ≥ 3)`,
);
console.log(
  `best single rule as a ranking: ${best?.rule} precision@5% ${pct(best?.p5 ?? 0)} (bar: calibrated above it)`,
);
if (broad)
  console.log(
    `most precise rule with ≥ ${k} hits (5 % of test): ${broad.rule} ${pct(broad.hitPrecision)} of ${broad.hits}`,
  );
console.log('precision / recall at n % inspected, each ranking on test:');
for (const m of sideBySide(r)) {
  const cells = REPORTED_RATES.map(
    (p) => `${p} %: ${pct(m.measures.at[String(p)].precision)} / ${pct(m.measures.at[String(p)].recall)}`,
  );
  console.log(`  ${m.label.padEnd(22)} ${cells.join('   ')}`);
}
const ch = ev.channels;
console.log(
  `channels on test (combined set, thresholds ${JSON.stringify(evaluatedThresholds(ev))}): red ${pct(ch.red / r.rows)}, yellow ${pct(ch.yellow / r.rows)}, green ${pct(ch.green / r.rows)}; red precision ${pct(ch.redPrecision)}`,
);
console.log(
  `scorecard only precision@5% ${pct(p5(r.variants[1]))} = ${(p5(r.variants[1]) / importer).toFixed(2)} × importer baseline`,
);

function evaluatedThresholds(e: Evaluation): unknown {
  return e.scorecard?.card.thresholds;
}
