import { describe, expect, it } from 'vitest';
import { fitLogistic, logLoss, sigmoid, type BinDesign } from '../../src/evaluate/logistic.js';

/** One fact with two bins; bin 0 illicit 1 in 4, bin 1 illicit 3 in 4. */
function design(): { d: BinDesign; y: Uint8Array } {
  const codes = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1]);
  const y = Uint8Array.from([1, 0, 0, 0, 1, 1, 1, 0]);
  return { d: { rows: 8, facts: 1, columns: 2, codes }, y };
}

describe('fitLogistic', () => {
  it('recovers the bin rates with a negligible penalty', () => {
    const { d, y } = design();
    const fit = fitLogistic(d, y, { lambda: 1e-8 });
    expect(fit.converged).toBe(true);
    expect(sigmoid(fit.weights[0] + fit.weights[1])).toBeCloseTo(0.25, 5);
    expect(sigmoid(fit.weights[0] + fit.weights[2])).toBeCloseTo(0.75, 5);
  });

  it('shrinks the bin weights as the penalty grows', () => {
    const { d, y } = design();
    const spread = (lambda: number) => {
      const w = fitLogistic(d, y, { lambda }).weights;
      return w[2] - w[1];
    };
    expect(spread(10)).toBeLessThan(spread(1));
    expect(spread(1)).toBeLessThan(spread(1e-6));
    expect(spread(1e4)).toBeCloseTo(0, 2);
  });

  it('is deterministic and its log loss matches the fitted rates', () => {
    const { d, y } = design();
    const a = fitLogistic(d, y, { lambda: 0.5 }).weights;
    const b = fitLogistic(d, y, { lambda: 0.5 }).weights;
    expect(Array.from(a)).toEqual(Array.from(b));
    const exact = fitLogistic(d, y, { lambda: 1e-8 }).weights;
    const expected = -(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75));
    expect(logLoss(d, y, exact)).toBeCloseTo(expected, 5);
  });
});

describe('fitLogistic with a covariate and a strided Hessian', () => {
  /** 4,000 rows: one fact with two bins and a numeric input x; true model -2 + 1·bin1 + 0.05·x. */
  function data(): { d: BinDesign; y: Uint8Array } {
    let s = 3;
    const next = () => (s = (s * 48271) % 2147483647) / 2147483647;
    const n = 4000;
    const codes = new Int32Array(n);
    const x = new Float64Array(n);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      codes[i] = next() < 0.5 ? 0 : 1;
      x[i] = Math.floor(next() * 60);
      y[i] = next() < sigmoid(-2 + (codes[i] === 1 ? 1 : 0) + 0.05 * x[i]) ? 1 : 0;
    }
    return { d: { rows: n, facts: 1, columns: 2, codes, covariate: x }, y };
  }

  it('fits the covariate weight, and the strided Hessian reaches the same optimum', () => {
    const { d, y } = data();
    const full = fitLogistic(d, y, { lambda: 1e-6, hessianRows: d.rows });
    const strided = fitLogistic(d, y, { lambda: 1e-6, hessianRows: 1000 });
    expect(full.converged && strided.converged).toBe(true);
    expect(full.weights[3]).toBeGreaterThan(0.03);
    expect(full.weights[3]).toBeLessThan(0.07);
    expect(full.weights[2] - full.weights[1]).toBeGreaterThan(0.6);
    for (let j = 0; j < full.weights.length; j++) expect(strided.weights[j]).toBeCloseTo(full.weights[j], 5);
  });
});
