import { describe, expect, it } from 'vitest';
import { FeatureReader } from '../../src/model/feature-vector.js';
import { ServingModel } from '../../src/model/facts.js';
import { CompiledEnsemble } from '../../src/model/predict.js';
import { TreeShap } from '../../src/model/tree-shap.js';
import { fixtureMapping, fixtureRows, importedFixture, lightgbmOutputs } from './fixtures.js';

/*
 * Differential test against LightGBM itself: the fixture models were trained
 * and scored by Python LightGBM (fixtures/make-lightgbm-fixture.py); our
 * import, feature reading (through the mapping and the fact catalog) and
 * prediction must give LightGBM's numbers on every row.
 */
describe.each(['gbdt', 'rf', 'zero'] as const)('LightGBM %s model imported', (name) => {
  it("predicts LightGBM's raw scores, probabilities and TreeSHAP values to 1e-9", async () => {
    const model = importedFixture(name);
    const rows = await fixtureRows();
    const expected = lightgbmOutputs(name);
    const { mapping, catalog } = fixtureMapping();
    const reader = new FeatureReader(model.ensemble.features, catalog);
    const ensemble = new CompiledEnsemble(model.ensemble);
    const shap = new TreeShap(ensemble);
    const serving = new ServingModel(model, { catalog, mapping });
    // LightGBM's raw score of a random forest is the trees' sum; its probability is sigmoid(mean).
    const rawScale = name === 'rf' ? 1 / model.ensemble.trees.length : 1;
    const x = new Float64Array(ensemble.featureCount);
    expect(rows).toHaveLength(expected.length);
    rows.forEach((c, i) => {
      const ctx = { consignment: c };
      reader.read(ctx, x);
      const raw = ensemble.raw(x);
      expect(raw).toBeCloseTo(expected[i].raw * rawScale, 9);
      expect(serving.fact('model.score', ctx)).toBeCloseTo(expected[i].probability, 9);
      const { expected: base, contributions } = shap.explain(x);
      expect(base).toBeCloseTo(expected[i].shap_expected * rawScale, 9);
      // LightGBM's columns are in feature order, the expected value last.
      const columns = Object.keys(expected[i]).filter((k) => k.startsWith('shap_') && k !== 'shap_expected');
      model.ensemble.features.forEach((f, j) => {
        expect(contributions[j], `${f.name} on row ${i}`).toBeCloseTo(expected[i][columns[j]] * rawScale, 9);
      });
    });
  });
});

describe('LightGBM import', () => {
  it('maps LightGBM feature names through the mapping to facts, with the pandas category lists', () => {
    const model = importedFixture('gbdt');
    expect(model.source).toBe('lightgbm');
    expect(model.ensemble.features.map((f) => `${f.name}:${f.kind}`)).toEqual([
      'weight:numeric',
      'value:numeric',
      'origin:categorical',
      'transportMode:categorical',
      'procedure:categorical',
      'freight_cost:numeric',
      'valuePerKg:numeric',
    ]);
    expect(model.ensemble.features[3].categories).toEqual(['air', 'post', 'road', 'sea']);
    expect(model.training.rows).toBe(3000);
    expect(model.hyperParameters).toMatchObject({ boosting: 'gbdt', objective: 'binary', num_leaves: 15 });
  });
});
