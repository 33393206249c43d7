import { describe, expect, it } from 'vitest';
import type { Consignment } from '../../src/declaration/record.js';
import { createDecider, createReferenceDecider } from '../../src/decision/decide.js';
import type { RuleDefinition, LoadedRuleSet } from '../../src/ruleset/types.js';
import type { ProfileFacts } from '../../src/features/fact.js';
import { isRandomlySelected } from '../../src/decision/random-selection.js';

function ruleset(rules: RuleDefinition[], extra: Partial<LoadedRuleSet> = {}): LoadedRuleSet {
  const source = { name: 't', version: '1', thresholds: { red: 70, yellow: 40 }, rules };
  return {
    id: 't@000000000000',
    name: 't',
    version: '1',
    thresholds: source.thresholds,
    declaredFacts: [],
    rules,
    files: [],
    source,
    ...extra,
  };
}

const heavy: RuleDefinition = {
  name: 'heavy',
  conditions: { all: [{ fact: 'weight', operator: 'greaterThan', value: 100 }] },
  event: { type: 'risk' },
  points: 45,
  reason: 'Weight {{weight}} kg from {{origin}}',
};
const cheap: RuleDefinition = {
  name: 'cheap',
  conditions: { all: [{ fact: 'valuePerKg', operator: 'lessThan', value: 2 }] },
  event: { type: 'risk' },
  points: 40,
  reason: 'Cheap at {{valuePerKg}} per kg',
};
const c = (over: Partial<Consignment> = {}): Consignment => ({
  id: 'C1',
  weight: 200,
  value: 100,
  origin: 'CN',
  extra: {},
  ...over,
});
const at = new Date('2026-01-02T03:04:05Z');

describe('createDecider', () => {
  it('sums points into the score, picks the channel from the thresholds, and explains each hit', () => {
    const d = createDecider({ ruleset: ruleset([heavy, cheap]) });
    expect(d.decide(c(), at)).toEqual({
      id: 'C1',
      score: 85,
      channel: 'red',
      hits: [
        { rule: 'heavy', points: 45, reason: 'Weight 200 kg from CN' },
        { rule: 'cheap', points: 40, reason: 'Cheap at 0.5 per kg' },
      ],
      ruleset: 't@000000000000',
      decidedAt: '2026-01-02T03:04:05.000Z',
    });
    expect(d.decide(c({ value: 1000 }), at)).toMatchObject({ score: 45, channel: 'yellow' });
    expect(d.decide(c({ weight: 1 }), at)).toMatchObject({ score: 0, channel: 'green', hits: [] });
  });

  it('clamps the score to 0–100', () => {
    const big = { ...heavy, name: 'big', points: 90 };
    expect(createDecider({ ruleset: ruleset([heavy, big]) }).decide(c(), at).score).toBe(100);
    const negative = { ...heavy, name: 'trusted', points: -80 };
    expect(createDecider({ ruleset: ruleset([negative]) }).decide(c(), at).score).toBe(0);
  });

  it('lets a rule force a channel, the most severe forced one winning over the score', () => {
    const watch = { ...heavy, name: 'watch', points: 5, channel: 'red' as const };
    const trusted = { ...cheap, name: 'trusted', points: 0, channel: 'green' as const };
    expect(createDecider({ ruleset: ruleset([watch]) }).decide(c(), at)).toMatchObject({ score: 5, channel: 'red' });
    expect(createDecider({ ruleset: ruleset([heavy, cheap, trusted]) }).decide(c(), at)).toMatchObject({
      score: 85,
      channel: 'green',
    });
    expect(createDecider({ ruleset: ruleset([watch, trusted]) }).decide(c(), at).channel).toBe('red');
  });

  it('takes points from a fact when the event names one, and falls back to the rule points when it is missing', () => {
    const fromFact: RuleDefinition = {
      ...heavy,
      event: { type: 'risk', params: { points: { fact: 'importer.riskPoints' } } },
      points: 7,
    };
    const profile: ProfileFacts = {
      id: 'p1',
      fact: (name, cons) => (name === 'importer.riskPoints' && cons.importer === 'BAD' ? 33.333 : undefined),
    };
    const rs = ruleset([fromFact], {
      declaredFacts: [
        {
          name: 'importer.riskPoints',
          type: 'number',
          description: '',
          source: 'profile',
          compute: (ctx) => ctx.profile?.fact('importer.riskPoints', ctx.consignment),
        },
      ],
    });
    const d = createDecider({ ruleset: rs, profile });
    expect(d.decide(c({ importer: 'BAD' }), at)).toMatchObject({ score: 33.33, profile: 'p1' });
    expect(d.decide(c({ importer: 'OK' }), at).score).toBe(7);
  });

  it('gives the same decision for the same inputs, with both engines', async () => {
    const rs = ruleset([heavy, cheap]);
    const compiled = createDecider({ ruleset: rs });
    const reference = createReferenceDecider({ ruleset: rs });
    for (const cons of [c(), c({ value: 1000 }), c({ weight: undefined }), c({ weight: 0 })]) {
      const a = compiled.decide(cons, at);
      expect(compiled.decide(cons, at)).toEqual(a);
      expect(await reference.decide(cons, at)).toEqual(a);
    }
  });

  it('only fires rules in effect on the consignment date', () => {
    const dated = { ...heavy, effectiveFrom: '2025-06-01', effectiveTo: '2025-06-30' };
    const d = createDecider({ ruleset: ruleset([dated]) });
    expect(d.decide(c({ date: '2025-05-31' }), at).hits).toEqual([]);
    expect(d.decide(c({ date: '2025-06-01' }), at).hits).toHaveLength(1);
    expect(d.decide(c({ date: '2025-06-30' }), at).hits).toHaveLength(1);
    expect(d.decide(c({ date: '2025-07-01' }), at).hits).toEqual([]);
  });
});

describe('random inspection', () => {
  it('selects a reproducible share close to the rate, marks it and sends it red', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `C${i}`);
    const picked = ids.filter((id) => isRandomlySelected(id, 'seed-1', 0.05));
    expect(picked.length / ids.length).toBeGreaterThan(0.04);
    expect(picked.length / ids.length).toBeLessThan(0.06);
    expect(ids.filter((id) => isRandomlySelected(id, 'seed-1', 0.05))).toEqual(picked);
    const other = ids.filter((id) => isRandomlySelected(id, 'seed-2', 0.05));
    expect(other.filter((id) => picked.includes(id)).length).toBeLessThan(picked.length * 0.2);

    const d = createDecider({ ruleset: ruleset([heavy], { randomInspection: { rate: 0.05, seed: 'seed-1' } }) });
    const decision = d.decide(c({ id: picked[0], weight: 1 }), at);
    expect(decision).toMatchObject({ channel: 'red', selection: 'random', score: 0 });
    expect(decision.hits).toEqual([
      { rule: 'random-selection', points: 0, reason: 'selected at random for compliance measurement, rate 5 %' },
    ]);
    expect(d.decide(c({ id: ids.find((id) => !picked.includes(id))!, weight: 1 }), at)).not.toHaveProperty('selection');
    // The draw is remembered for the last id only (a declaration's items share it), never carried to the next id.
    expect(d.decide(c({ id: picked[1], weight: 1 }), at)).toMatchObject({ selection: 'random' });
    expect(d.decide(c({ id: picked[1], weight: 2 }), at)).toMatchObject({ selection: 'random' });
  });
});

describe('with a real profile', () => {
  it('the compiled and reference engines decide the default rule set alike', async () => {
    const { benchConsignments, benchProfile } = await import('../../bench/scoring.js');
    const { loadRuleSet } = await import('../../src/ruleset/load.js');
    const ruleset = loadRuleSet('rules');
    const profile = benchProfile(20_000, 3);
    const compiled = createDecider({ ruleset, profile });
    const reference = createReferenceDecider({ ruleset, profile });
    let hits = 0;
    for (const cons of benchConsignments(1_500, 3)) {
      const a = compiled.decide(cons, at);
      hits += a.hits.filter((h) => /record|origin-for|norm|new-importer/.test(h.rule)).length;
      expect(await reference.decide(cons, at)).toEqual(a);
    }
    // Profile rules must actually fire, or the comparison says nothing about look-ups.
    expect(hits).toBeGreaterThan(50);
  });
});
