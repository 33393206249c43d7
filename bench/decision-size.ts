/**
 * How large decisions are (bytes of their JSON, as the results queue and the
 * audit trail keep them), with and without a scorecard: mean over all test
 * declarations and over the red ones, and the hits per decision.
 *
 *   npx tsx bench/decision-size.ts --train T.csv --test T.csv [--rules rules] [--scorecard FILE] [--show]
 *
 * --show prints the first red decision, as an officer would get it.
 */
import { BUILT_IN_MAPPING } from '../src/declaration/mapping.js';
import { createDecider } from '../src/decision/decide.js';
import { loadTogether } from '../src/evaluate/load-together.js';
import { readSplitFile } from '../src/evaluate/read-split.js';
import { trainingFeatures } from '../src/features/training.js';
import { loadRuleSet, ruleSetFiles } from '../src/ruleset/load.js';
import { flag } from './flags.js';

const rulesDir = flag('rules', 'rules');
const scorecard = flag('scorecard');
const train = await readSplitFile(flag('train')!, BUILT_IN_MAPPING);
const test = await readSplitFile(flag('test')!, BUILT_IN_MAPPING);
const profile = trainingFeatures(train.rows, { mapping: BUILT_IN_MAPPING }).profile;
const ruleset = scorecard ? loadTogether([...ruleSetFiles(rulesDir), scorecard]) : loadRuleSet(rulesDir);
const decider = createDecider({ ruleset, profile });

const at = new Date('2026-01-01T00:00:00Z');
const all = { n: 0, bytes: 0, hits: 0 };
const red = { n: 0, bytes: 0, hits: 0, max: 0 };
let shown = !process.argv.includes('--show');
for (const o of test.labelled) {
  const d = decider.decide(o.consignment, at);
  const bytes = Buffer.byteLength(JSON.stringify(d));
  all.n++;
  all.bytes += bytes;
  all.hits += d.hits.length;
  if (d.channel === 'red') {
    red.n++;
    red.bytes += bytes;
    red.hits += d.hits.length;
    red.max = Math.max(red.max, bytes);
    if (!shown) {
      console.log(JSON.stringify(d, null, 1));
      shown = true;
    }
  }
}
const mean = (x: { n: number; bytes: number }) => Math.round(x.bytes / Math.max(1, x.n));
const hits = (x: { n: number; hits: number }) => (x.hits / Math.max(1, x.n)).toFixed(1);
console.log(
  `${ruleset.name}: ${ruleset.rules.length} rules; all ${all.n} decisions mean ${mean(all)} B, ${hits(all)} hits; ` +
    `red ${red.n} (${((red.n / all.n) * 100).toFixed(1)} %) mean ${mean(red)} B, max ${red.max} B, ${hits(red)} hits`,
);
