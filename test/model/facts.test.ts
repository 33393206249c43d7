import { afterEach, describe, expect, it, vi } from 'vitest';
import { BUILT_IN_MAPPING } from '../../src/declaration/mapping.js';
import { createDecider, createReferenceDecider } from '../../src/decision/decide.js';
import { ModelError } from '../../src/errors.js';
import { buildCatalog } from '../../src/features/catalog.js';
import { mappingFacts } from '../../src/features/profile-facts.js';
import { ServingModel } from '../../src/model/facts.js';
import { parseModel, serializeModel } from '../../src/model/model-file.js';
import { TreeShap } from '../../src/model/tree-shap.js';
import { CompiledEnsemble } from '../../src/model/predict.js';
import { FeatureReader } from '../../src/model/feature-vector.js';
import { riskPoints } from '../../src/features/shrinkage.js';
import type { LoadedRuleSet, RuleDefinition } from '../../src/ruleset/types.js';
import { fixtureMapping, fixtureRows, importedFixture } from './fixtures.js';

function ruleset(rules: RuleDefinition[]): LoadedRuleSet {
  const { mapping } = fixtureMapping();
  const source = { name: 't', version: '1', thresholds: { red: 70, yellow: 40 }, rules };
  return {
    id: 't@000000000000',
    name: 't',
    version: '1',
    thresholds: source.thresholds,
    declaredFacts: mappingFacts(mapping),
    rules,
    files: [],
    source,
  };
}

const topBand: RuleDefinition = {
  name: 'model-top-band',
  conditions: { all: [{ fact: 'model.riskPoints', operator: 'greaterThanInclusive', value: 15 }] },
  event: { type: 'model' },
  points: 30,
  reason: 'The risk model rates this declaration in its top band: {{model.drivers}}',
};
const heavy: RuleDefinition = {
  name: 'heavy',
  conditions: { all: [{ fact: 'weight', operator: 'greaterThan', value: 100 }] },
  event: { type: 'risk' },
  points: 10,
  reason: 'heavy',
};

function serving() {
  const { mapping, catalog } = fixtureMapping();
  return new ServingModel(importedFixture('gbdt'), { mapping, catalog });
}

afterEach(() => vi.restoreAllMocks());

describe('model facts in rules', () => {
  it('a model rule fires on the top band, its reason names the drivers in words, its hit carries contributions', async () => {
    const model = serving();
    const decider = createDecider({ ruleset: ruleset([topBand, heavy]), model });
    const decisions = (await fixtureRows()).map((c) => decider.decide(c, new Date('2026-12-01')));
    const fired = decisions.filter((d) => d.hits.some((h) => h.rule === 'model-top-band'));
    expect(fired.length).toBeGreaterThan(5);
    expect(fired.length).toBeLessThan(decisions.length / 2);
    for (const d of decisions) expect(d.model).toBe(model.id);
    const hit = fired[0].hits.find((h) => h.rule === 'model-top-band')!;
    expect(hit.reason).toMatch(/^The risk model rates this declaration in its top band: .+ \(\+[\d.]+\)/);
    expect(hit.reason).not.toContain('{');
    const points = hit.contributions!.map((c) => Math.abs(c.points));
    expect(points.length).toBeGreaterThan(0);
    expect(points.length).toBeLessThanOrEqual(5);
    expect([...points].sort((a, b) => b - a)).toEqual(points);
    expect(
      fired.some((d) => d.hits.find((h) => h.rule === 'model-top-band')!.reason.includes('transport by post')),
    ).toBe(true);
  });

  it('model bands (one statistic) word the drivers on a yellow or red decision, and work out none on a green one', async () => {
    const band = (from: number, points: number): RuleDefinition => ({
      name: `risk model ≥ ${from}`,
      conditions: { all: [{ fact: 'model.riskPoints', operator: 'greaterThanInclusive', value: from }] },
      event: { type: 'model', params: { value: { fact: 'model.riskPoints' } } },
      points,
      statistic: 'risk model',
      reason: 'the risk model rates this declaration at {{model.riskPoints}} risk points',
    });
    const model = serving();
    const explain = vi.spyOn(TreeShap.prototype, 'explain');
    const decider = createDecider({ ruleset: ruleset([band(0, 20), band(15, 30)]), model });
    const decisions = (await fixtureRows()).map((c) => decider.decide(c, new Date('2026-12-01')));
    const hitOf = (d: (typeof decisions)[number]) => d.hits.find((h) => h.rule === 'risk model');
    const green = decisions.filter((d) => d.channel === 'green' && hitOf(d));
    const selected = decisions.filter((d) => d.channel !== 'green');
    expect(green.length).toBeGreaterThan(0);
    expect(selected.length).toBeGreaterThan(0);
    for (const d of green) {
      // The band's own term (the score it read), not the model's drivers.
      expect(hitOf(d)!.contributions!.map((c) => c.fact)).toEqual(['model.riskPoints']);
      expect(hitOf(d)!.reason).toMatch(
        /^statistical risk \+20: the risk model rates this declaration at [\d.-]+ risk points \(\+20\)$/,
      );
    }
    for (const d of selected) {
      expect(hitOf(d)!.reason).toMatch(
        /^statistical risk \+50: the risk model rates this declaration at [\d.-]+ risk points: .+ \(\+[\d.]+\)/,
      );
      expect(hitOf(d)!.contributions!.length).toBeGreaterThan(0);
      expect(hitOf(d)!.contributions!.some((c) => c.fact === 'model.riskPoints')).toBe(false);
    }
    expect(explain).toHaveBeenCalledTimes(selected.length);
  });

  it('drivers carry risk points (10/ln 2 per log-odds); all contributions add up to model.riskPoints', async () => {
    const model = serving();
    const { catalog } = fixtureMapping();
    const e = new CompiledEnsemble(model.model.ensemble);
    const reader = new FeatureReader(model.model.ensemble.features, catalog);
    const x = new Float64Array(e.featureCount);
    for (const c of (await fixtureRows()).slice(0, 20)) {
      const ctx = { consignment: c };
      const drivers = model.fact('model.drivers', ctx) as { contribution: number; points: number }[];
      for (const d of drivers) expect(d.points).toBeCloseTo((10 * d.contribution) / Math.LN2, 9);
      reader.read(ctx, x);
      const { expected, contributions } = new TreeShap(e).explain(x);
      const sum = contributions.reduce((a, b) => a + (10 * b) / Math.LN2, 0);
      const base = riskPoints(1 / (1 + Math.exp(-expected)), model.model.baseRate);
      expect(base + sum).toBeCloseTo(model.fact('model.riskPoints', ctx) as number, 6);
    }
  });

  it('drivers are computed only when a rule or reason reads them, once per consignment', async () => {
    const explain = vi.spyOn(TreeShap.prototype, 'explain');
    const rows = await fixtureRows();
    const quiet = {
      ...topBand,
      reason: 'top band',
      conditions: { all: [{ fact: 'model.riskPoints', operator: 'greaterThan', value: 1000 }] },
    };
    const noFire = createDecider({ ruleset: ruleset([quiet as RuleDefinition, heavy]), model: serving() });
    for (const c of rows) noFire.decide(c);
    expect(explain).not.toHaveBeenCalled();
    const decider = createDecider({ ruleset: ruleset([topBand]), model: serving() });
    let fired = 0;
    for (const c of rows) fired += decider.decide(c).hits.length;
    // Reason and hit contributions share one TreeSHAP per fired consignment.
    expect(explain).toHaveBeenCalledTimes(fired);
  });

  it('the compiled and the reference engine decide alike with a model', async () => {
    const model = serving();
    const rules = ruleset([
      topBand,
      {
        name: 'driver-is-post',
        conditions: { all: [{ fact: 'model.drivers', path: '$[0].fact', operator: 'equal', value: 'transportMode' }] },
        event: { type: 'model', params: { points: { fact: 'model.riskPoints' } } },
        reason: 'score {{model.score}}',
      },
    ]);
    const compiled = createDecider({ ruleset: rules, model });
    const reference = createReferenceDecider({ ruleset: rules, model });
    const at = new Date('2026-12-01');
    for (const c of await fixtureRows()) expect(compiled.decide(c, at)).toEqual(await reference.decide(c, at));
  });

  it('without a model, model facts are missing and model rules never fire', async () => {
    const decider = createDecider({ ruleset: ruleset([topBand]) });
    for (const c of await fixtureRows()) {
      const d = decider.decide(c);
      expect(d.hits).toEqual([]);
      expect(d.model).toBeUndefined();
    }
  });

  it('an unseen category scores as a missing one (code -1)', async () => {
    const model = serving();
    const [c] = await fixtureRows();
    const unseen = model.fact('model.score', { consignment: { ...c, transportMode: 'pipeline' } });
    const missing = model.fact('model.score', { consignment: { ...c, transportMode: undefined } });
    const known = model.fact('model.score', { consignment: { ...c, transportMode: 'post' } });
    expect(unseen).toBe(missing);
    expect(known).not.toBe(missing);
  });
});

describe('a model that does not fit the facts in use', () => {
  it('a model trained on another mapping is refused', () => {
    const { catalog } = fixtureMapping();
    const e = (() => {
      try {
        new ServingModel(importedFixture('gbdt'), { mapping: BUILT_IN_MAPPING, catalog, file: 'm.json' });
      } catch (e) {
        return e as ModelError;
      }
    })();
    expect(e).toBeInstanceOf(ModelError);
    expect(e!.code).toBe('MODEL_MAPPING_MISMATCH');
    expect(e!.message).toMatch(
      /^m\.json, at \$\.mapping: the model was imported with another mapping .* — score with its mapping \(id←decl_id, weight←gross_mass, value←customs_value, …\)/,
    );
  });

  it('a model whose features are not facts here is refused, naming the feature', () => {
    const body = { ...importedFixture('gbdt'), mapping: null };
    const model = parseModel(serializeModel(body).text);
    expect(
      () => new ServingModel(model, { mapping: BUILT_IN_MAPPING, catalog: buildCatalog(), file: 'm.json' }),
    ).toThrow(
      /m\.json, at \$\.ensemble\.features\[5\], field "freight_cost": the model reads "freight_cost", which is not a fact here/,
    );
  });
});
