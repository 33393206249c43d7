import { describe, expect, it } from 'vitest';
import type { Consignment } from '../../src/declaration/record.js';
import { createDecider, createReferenceDecider } from '../../src/decision/decide.js';
import type { LoadedRuleSet, RuleDefinition } from '../../src/ruleset/types.js';

function ruleset(rules: RuleDefinition[]): LoadedRuleSet {
  const source = { name: 't', version: '1', thresholds: { red: 70, yellow: 40 }, rules };
  return {
    id: 't@0',
    name: 't',
    version: '1',
    thresholds: source.thresholds,
    declaredFacts: [],
    rules,
    files: [],
    source,
  };
}

const rule = (name: string, points: number, over: Partial<RuleDefinition> = {}): RuleDefinition => ({
  name,
  conditions: { all: [{ fact: 'weight', operator: 'greaterThan', value: 0 }] },
  event: { type: 'risk' },
  points,
  reason: `${name} fired`,
  ...over,
});

/** A scorecard term on `fact`, as `evaluate --calibrate` writes it. */
const term = (fact: string, points: number, reason: string): RuleDefinition =>
  rule(`scorecard: ${fact}`, points, {
    conditions: { all: [{ fact, operator: 'greaterThanInclusive', value: -1e9 }] },
    event: { type: 'scorecard', params: { value: { fact } } },
    statistic: 'scorecard',
    reason,
  });

const consignment: Consignment = { id: 'C1', weight: 250, value: 1000, quantity: 4, taxes: 150, extra: {} };

const card = [
  term('weight', 9, 'gross weight {{weight}} kg'),
  term('value', -4, 'declared value {{value}}'),
  term('quantity', 12.5, 'quantity {{quantity}}'),
  term('taxes', 0.5, 'taxes {{taxes}}'),
  term('valuePerKg', -2, 'value per kg {{valuePerKg}}'),
  term('valuePerUnit', 3, 'value per unit {{valuePerUnit}}'),
  term('taxRatio', 1, 'tax ratio {{taxRatio}}'),
];

describe('readable hits', () => {
  const rules = [rule('small', 5), ...card.slice(0, 3), rule('big', 30), ...card.slice(3), rule('also-five', 5)];
  const decision = createDecider({ ruleset: ruleset(rules) }).decide(consignment);

  it('sorts hits by points, highest first, equal points in rule order', () => {
    expect(decision.hits.map((h) => h.rule)).toEqual(['big', 'scorecard', 'small', 'also-five']);
    const points = decision.hits.map((h) => h.points);
    expect([...points].sort((a, b) => b - a)).toEqual(points);
  });

  it('folds a statistic into one hit with its sum and at most 5 contributions by |points|', () => {
    const hit = decision.hits.find((h) => h.rule === 'scorecard')!;
    expect(hit.points).toBe(9 - 4 + 12.5 + 0.5 - 2 + 3 + 1);
    expect(hit.contributions).toEqual([
      { fact: 'quantity', value: 4, points: 12.5 },
      { fact: 'weight', value: 250, points: 9 },
      { fact: 'value', value: 1000, points: -4 },
      { fact: 'valuePerUnit', value: 250, points: 3 },
      { fact: 'valuePerKg', value: 4, points: -2 },
    ]);
    expect(hit.reason).toBe(
      'statistical risk +20: quantity 4 (+12.5); gross weight 250 kg (+9); value per unit 250 (+3); ' +
        'mitigating: declared value 1000 (−4); value per kg 4 (−2)',
    );
  });

  it('leaves the score and channel as the unfolded sum', () => {
    const total = rules.reduce((s, r) => s + (r.points ?? 0), 0);
    expect(decision.score).toBe(Math.min(100, total));
    expect(decision.channel).toBe('yellow');
  });

  it('is the same decision from the reference engine', async () => {
    const reference = await createReferenceDecider({ ruleset: ruleset(rules) }).decide(consignment, new Date(0));
    const compiled = createDecider({ ruleset: ruleset(rules) }).decide(consignment, new Date(0));
    expect(reference).toEqual(compiled);
  });

  it('keeps values to 2 decimals (3 significant digits under 1)', () => {
    const card = [term('weight', 5, 'w'), term('valuePerKg', 4, 'v')];
    const d = createDecider({ ruleset: ruleset(card) }).decide({ ...consignment, weight: 3, value: 0.0123456 });
    expect(d.hits[0].contributions!.map((c) => c.value)).toEqual([3, 0.00412]);
  });

  it('names a missing value as null and counts a base term in the points only', () => {
    const base = rule('scorecard: base points', -10, {
      conditions: { all: [{ fact: 'id', operator: 'startsWith', value: '' }] },
      event: { type: 'scorecard' },
      statistic: 'scorecard',
      reason: 'scorecard base points',
    });
    const missing = rule('scorecard: origin missing', 6, {
      conditions: { not: { all: [{ fact: 'origin', operator: 'startsWith', value: '' }] } },
      event: { type: 'scorecard', params: { value: { fact: 'origin' } } },
      statistic: 'scorecard',
      reason: 'origin unknown',
    });
    const [hit] = createDecider({ ruleset: ruleset([base, missing]) }).decide(consignment).hits;
    expect(hit).toEqual({
      rule: 'scorecard',
      points: -4,
      reason: 'statistical risk −4 (base −10): origin unknown (+6)',
      contributions: [{ fact: 'origin', value: null, points: 6 }],
    });
  });
});
