import { describe, expect, it } from 'vitest';
import { importerBaseline, priceBaseline, type Outcome } from '../../src/evaluate/baselines.js';

function outcome(id: string, importer: string | undefined, illicit: boolean, value?: number): Outcome {
  return {
    consignment: { id, extra: {}, ...(importer ? { importer } : {}), ...(value !== undefined ? { value } : {}) },
    illicit,
  };
}

describe('price baseline', () => {
  it('scores by declared value, missing values last', () => {
    const scores = priceBaseline([
      outcome('a', 'I1', false, 500),
      outcome('b', 'I1', true),
      outcome('c', 'I2', true, 0),
    ]);
    expect(scores.map((s) => s.score)).toEqual([500, -1, 0]);
  });
});

describe('importer baseline', () => {
  const train = [
    outcome('t1', 'I1', true),
    outcome('t2', 'I1', false),
    outcome('t3', 'I2', false),
    outcome('t4', 'I2', false),
    outcome('t5', 'I3', true),
    outcome('t6', undefined, false),
  ];

  it("scores with the importer's illicit rate in train, newcomers at the overall rate", () => {
    const test = [
      outcome('x1', 'I1', false),
      outcome('x2', 'I2', true),
      outcome('x3', 'I3', false),
      outcome('x4', 'NEW', true),
    ];
    expect(importerBaseline(train, test).map((s) => s.score)).toEqual([0.5, 0, 1, 2 / 6]);
  });

  it('never reads test outcomes', () => {
    const a = importerBaseline(train, [outcome('x', 'I2', true), outcome('y', 'I2', true)]);
    const b = importerBaseline(train, [outcome('x', 'I2', false), outcome('y', 'I2', false)]);
    expect(a.map((s) => s.score)).toEqual(b.map((s) => s.score));
  });
});
