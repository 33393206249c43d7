import { loadRuleSet } from '../../../src/ruleset/load.js';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../../src/canonical-json.js';
import { writeCsv } from '../../../src/dataset/csv.js';
import { generateDeclarations, type DeclarationRow } from '../../../src/dataset/generate.js';
import { BUILT_IN_MAPPING } from '../../../src/declaration/mapping.js';
import { measureRanking } from '../../../src/evaluate/metrics.js';
import { readSplitFile } from '../../../src/evaluate/read-split.js';
import { evaluate, type Evaluation } from '../../../src/evaluate/run.js';
import { trainedModelVariant } from '../../../src/evaluate/model-variant.js';
import { trainingFeatures } from '../../../src/features/training.js';
import { firstStage, randomForest } from '../../../src/model/train/grid.js';
import { scoreRows } from '../../../src/model/train/score-rows.js';
import { trainModel } from '../../../src/model/train/train-model.js';
import type { TrainedModelFile } from '../../../src/model/train/write-model.js';

const dir = mkdtempSync(join(tmpdir(), 'model-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const TEST_FROM = '2025-10-01';
const ROWS = 8000;

async function writeSplit(file: string, keep: (r: DeclarationRow) => boolean): Promise<void> {
  const out = createWriteStream(file);
  await writeCsv(
    (function* () {
      for (const r of generateDeclarations({ rows: ROWS, seed: 3 })) if (keep(r)) yield r;
    })(),
    out,
  );
  out.end();
  await finished(out);
}

let ev: Evaluation;
let combined: Evaluation;
let model: TrainedModelFile;
let modelMeasures: ReturnType<typeof measureRanking>;
const train = join(dir, 'train.csv');
const test = join(dir, 'test.csv');

beforeAll(async () => {
  await writeSplit(train, (r) => r.date < TEST_FROM);
  await writeSplit(test, (r) => r.date >= TEST_FROM);
  // Calibrated without the model (rules + scorecard), and with it (rules + scorecard + model).
  const calibrated = (out: string, withModel: boolean) =>
    evaluate({
      train,
      test,
      mapping: BUILT_IN_MAPPING,
      rules: loadRuleSet('rules'),
      calibrate: { out: join(dir, out), name: 'scorecard', seed: 1 },
      ...(withModel ? { model: trainedModelVariant(BUILT_IN_MAPPING, 1) } : {}),
    });
  ev = await calibrated('scorecard.json', false);
  combined = await calibrated('combined.json', true);
  const rows = (await readSplitFile(train, BUILT_IN_MAPPING)).rows;
  const features = trainingFeatures(rows, { mapping: BUILT_IN_MAPPING });
  model = trainModel(rows, { name: 'test', features, seed: 1, now: new Date('2026-01-01T00:00:00Z') });
  const labelled = (await readSplitFile(test, BUILT_IN_MAPPING)).labelled;
  const scores = scoreRows(
    model.ensemble,
    BUILT_IN_MAPPING,
    labelled.map((o) => ({ consignment: o.consignment, profile: features.profile })),
  );
  modelMeasures = measureRanking(
    labelled.map((o, i) => ({ id: o.consignment.id, score: scores[i], illicit: o.illicit })),
    false,
  );
}, 600_000);

describe('trainModel on generated declarations', () => {
  it('ranks the test months better than rules + scorecard at 5 % and 10 % inspected', () => {
    const calibrated = ev.result.primary.measures.at;
    expect(modelMeasures.at['10'].precision).toBeGreaterThan(calibrated['10'].precision);
    expect(modelMeasures.at['5'].precision).toBeGreaterThan(calibrated['5'].precision);
  });

  it('joins the calibrated set: rules + scorecard + model beat rules + scorecard, and match the model alone', () => {
    const rulesAndCard = ev.result.primary.measures.at;
    const all = combined.result.primary.measures.at;
    const model = combined.result.variants.find((v) => v.key === 'model')!.measures.at;
    console.log(
      `P@5 / P@10 on ${combined.result.rows} test rows: rules + scorecard ${rulesAndCard['5'].precision.toFixed(3)} / ${rulesAndCard['10'].precision.toFixed(3)}, ` +
        `model ${model['5'].precision.toFixed(3)} / ${model['10'].precision.toFixed(3)}, combined ${all['5'].precision.toFixed(3)} / ${all['10'].precision.toFixed(3)}`,
    );
    for (const p of ['5', '10'] as const) {
      expect(all[p].precision).toBeGreaterThan(rulesAndCard[p].precision);
      // Beats the model alone or equals it.
      expect(all[p].precision).toBeGreaterThanOrEqual(model[p].precision - 1e-12);
    }
    expect(combined.result.primary.label).toBe('rules + scorecard + model');
  });

  it('writes the model file members, sealed by the hash of the rest', () => {
    const { id, ...body } = model;
    expect(id).toBe(sha256Hex(canonicalJson(body)));
    expect(model.format).toBe('customs-targeting-model');
    expect(model.mapping).toBeNull();
    expect(model.training.rows).toBeGreaterThan(0);
    expect(model.validation.from! >= '2025-08-01').toBe(true);
    // A small history: the slow learning rate is tried too.
    expect(model.grid.length).toBe(5);
    expect(model.grid.some((g) => g.hyperParameters.learningRate === 0.03)).toBe(true);
    expect(model.ensemble.features.map((f) => f.name)).toEqual(
      expect.arrayContaining(['hs6', 'valuePerKg', 'importer.riskPoints', 'hs6.valuePerKgZ', 'exporter.daysKnown']),
    );
    // Traders reach the model through their records, not as categories.
    for (const trader of ['importer', 'declarant', 'exporter'])
      expect(model.ensemble.features.map((f) => f.name)).not.toContain(trader);
    // Every split names a feature, every categorical split a bitset.
    for (const t of model.ensemble.trees) {
      t.splitFeature.forEach((f, n) => {
        expect(f).toBeLessThan(model.ensemble.features.length);
        if (t.decisionType[n] & 1) expect(model.ensemble.features[f].kind).toBe('categorical');
      });
      expect(t.leafCount.reduce((a, b) => a + b, 0)).toBe(t.internalCount[0] ?? t.leafCount[0]);
    }
  });

  it('is deterministic for a seed (bagging, feature draws and bootstraps included)', async () => {
    const rows = (await readSplitFile(train, BUILT_IN_MAPPING)).rows;
    // A boosted candidate and a forest: every random draw, at a fraction of the full grid's time.
    const candidates = [firstStage(1, 40)[0], randomForest(1, 40)];
    const once = () => trainModel(rows, { name: 'test', seed: 1, candidates, now: new Date('2026-01-01T00:00:00Z') });
    const first = once();
    expect(once().id).toBe(first.id);
    expect(trainModel(rows, { name: 'test', seed: 2, candidates, now: new Date('2026-01-01T00:00:00Z') }).id).not.toBe(
      first.id,
    );
  }, 600_000);
});
