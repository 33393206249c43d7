import { describe, expect, it } from 'vitest';
import { atDeclarationLevel, declarationMethods } from '../../src/evaluate/declaration-level.js';
import { methodResult, type EvaluationResult } from '../../src/evaluate/result.js';

const items = [
  { id: 'D1', score: 5, illicit: false, revenue: 0 },
  { id: 'D1', score: 40, illicit: true, revenue: 300 },
  { id: 'D2', score: 10, illicit: false, revenue: 0 },
  { id: 'D3', score: 30, illicit: false, revenue: 0 },
  { id: 'D3', score: 20, illicit: true, revenue: 50 },
];

describe('atDeclarationLevel', () => {
  it('ranks each declaration by its highest item, illicit when any item is, with all its revenue', () => {
    const d = atDeclarationLevel(methodResult('rules', items, true), true);
    expect(d.label).toBe('rules');
    expect(d.scores.map((s) => [s.id, s.score, s.illicit, s.revenue])).toEqual([
      ['D1', 40, true, 300],
      ['D2', 10, false, 0],
      ['D3', 30, true, 50],
    ]);
    // Both illicit declarations rank above the compliant one.
    expect(d.measures.auc).toBe(1);
  });
});

describe('declarationMethods', () => {
  const result = (rows: typeof items): EvaluationResult => {
    const m = methodResult('rules', rows, true);
    return {
      rows: rows.length,
      illicitRate: 0.4,
      hasRevenue: true,
      primary: m,
      variants: [],
      channels: { red: 0, yellow: 0, green: rows.length },
      baselines: { price: m, importer: m },
      rules: [],
      ruleset: 'test@000000000000',
    };
  };

  it('measures every method per declaration when declarations have several items', () => {
    const d = declarationMethods(result(items))!;
    expect(d.declarations).toBe(3);
    expect(d.methods).toHaveLength(3);
    expect(d.methods.every((m) => m.scores.length === 3)).toBe(true);
  });

  it('adds nothing when every declaration has one item', () => {
    expect(declarationMethods(result(items.filter((_, i) => i !== 0 && i !== 4)))).toBeUndefined();
  });
});
