import { describe, expect, it } from 'vitest';
import type { TreeEnsemble } from '../../src/model/ensemble.js';
import { CompiledEnsemble } from '../../src/model/predict.js';
import { TreeShap } from '../../src/model/tree-shap.js';
import { prng, randomEnsemble, randomRow } from './random-ensemble.js';

/**
 * E[f(x) | x_S] as path-dependent TreeSHAP defines it: at a split on a
 * feature in S follow the row, else average both sides weighted by cover.
 */
function conditional(e: CompiledEnsemble, x: Float64Array, inS: (f: number) => boolean): number {
  const walk = (g: number): number => {
    if (g < 0) return e.leafValue[~g];
    if (inS(e.feature[g])) return walk(e.next(g, x[e.feature[g]]));
    const count = (c: number) => (c < 0 ? e.leafCount[~c] : e.nodeCount[c]);
    return (count(e.left[g]) * walk(e.left[g]) + count(e.right[g]) * walk(e.right[g])) / e.nodeCount[g];
  };
  let sum = 0;
  for (let k = 0; k < e.treeCount; k++) sum += walk(e.roots[k]);
  return e.kind === 'rf' ? sum / e.treeCount : e.initScore + sum;
}

/** Shapley values by their definition: every subset of the other features, weighted |S|!(M−|S|−1)!/M!. */
function bruteForceShapley(e: CompiledEnsemble, x: Float64Array): number[] {
  const m = e.featureCount;
  const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
  const phi = new Array(m).fill(0);
  for (let i = 0; i < m; i++) {
    for (let mask = 0; mask < 1 << m; mask++) {
      if (mask & (1 << i)) continue;
      let size = 0;
      for (let j = 0; j < m; j++) if (mask & (1 << j)) size++;
      const w = (fact(size) * fact(m - size - 1)) / fact(m);
      const withI = conditional(e, x, (f) => ((mask | (1 << i)) & (1 << f) ? true : false));
      const without = conditional(e, x, (f) => (mask & (1 << f) ? true : false));
      phi[i] += w * (withI - without);
    }
  }
  return phi;
}

const cases: [string, TreeEnsemble['kind']][] = [
  ['gbdt', 'gbdt'],
  ['rf', 'rf'],
];

describe.each(cases)('TreeSHAP on random %s models', (_, kind) => {
  it('contributions add up to the raw score minus the expected value (1e-9)', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const model = randomEnsemble(seed, { features: 8, trees: 20, leaves: 31, kind });
      const e = new CompiledEnsemble(model);
      const shap = new TreeShap(e);
      const r = prng(seed * 7919);
      for (let row = 0; row < 25; row++) {
        const x = randomRow(r, model);
        const { expected, contributions } = shap.explain(x);
        const sum = contributions.reduce((a, b) => a + b, 0);
        expect(Math.abs(expected + sum - e.raw(x)), `seed ${seed} row ${row}`).toBeLessThan(1e-9);
      }
    }
  });

  it('equals brute-force Shapley values on small trees', () => {
    for (let seed = 100; seed < 130; seed++) {
      const model = randomEnsemble(seed, { features: 5, trees: 3, leaves: 9, kind });
      const e = new CompiledEnsemble(model);
      const shap = new TreeShap(e);
      const r = prng(seed);
      for (let row = 0; row < 5; row++) {
        const x = randomRow(r, model);
        const exact = bruteForceShapley(e, x);
        const fast = shap.explain(x).contributions;
        exact.forEach((v, i) => expect(fast[i], `seed ${seed} row ${row} feature ${i}`).toBeCloseTo(v, 10));
      }
    }
  });

  it('expected value is the cover-weighted mean, what every feature missing from S gives', () => {
    const model = randomEnsemble(9, { features: 6, trees: 10, leaves: 15, kind });
    const e = new CompiledEnsemble(model);
    expect(new TreeShap(e).expected).toBeCloseTo(
      conditional(e, new Float64Array(6), () => false),
      12,
    );
  });
});

describe('prediction', () => {
  it('the inlined hot path takes the same decisions as next() on random models and rows', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const model = randomEnsemble(seed, { features: 9, trees: 10, leaves: 31 });
      const e = new CompiledEnsemble(model);
      const r = prng(seed);
      for (let row = 0; row < 50; row++) {
        const x = randomRow(r, model);
        let sum = e.initScore;
        for (let k = 0; k < e.treeCount; k++) sum += e.leafValue[e.leafOf(k, x)];
        expect(e.raw(x)).toBe(sum);
      }
    }
  });
});
