import { describe, expect, it } from 'vitest';
import { MAX_STRENGTH, combineParts, logit, priorStrength, riskPoints, shrink } from '../../src/features/shrinkage.js';

describe('shrink', () => {
  it('is the posterior mean of a beta prior', () => {
    // 1 hit in 2 inspections, parent rate 10 %, prior worth 8 inspections: (1 + 0.8) / (2 + 8)
    expect(shrink(1, 2, 0.1, 8)).toBeCloseTo(0.18, 12);
  });

  it('falls back to the parent without evidence and follows the data with much of it', () => {
    expect(shrink(0, 0, 0.07, 20)).toBe(0.07);
    expect(shrink(5000, 10000, 0.07, 20)).toBeCloseTo(0.4994, 3);
  });
});

describe('priorStrength', () => {
  it('matches the method of moments on a hand-computed table', () => {
    // A 4/5, B 0/5, parent 0.4: noise = 10·0.24 = 2.4; excess = 2·(5·0.16 − 0.24) = 1.12
    expect(
      priorStrength(
        [
          { count: 5, illicit: 4 },
          { count: 5, illicit: 0 },
        ],
        [0.4, 0.4],
      ),
    ).toBeCloseTo(2.4 / 1.12 - 1, 12);
  });

  it('shrinks fully when groups differ no more than binomial noise', () => {
    expect(
      priorStrength(
        [
          { count: 100, illicit: 10 },
          { count: 100, illicit: 10 },
        ],
        [0.1, 0.1],
      ),
    ).toBe(MAX_STRENGTH);
  });

  it('trusts groups more when they differ more', () => {
    const mild = priorStrength(
      [
        { count: 50, illicit: 10 },
        { count: 50, illicit: 5 },
      ],
      [0.15, 0.15],
    );
    const strong = priorStrength(
      [
        { count: 50, illicit: 14 },
        { count: 50, illicit: 1 },
      ],
      [0.15, 0.15],
    );
    expect(strong).toBeLessThan(mild);
  });
});

describe('risk points and pairs', () => {
  it('gives 0 at the overall rate and +10 per doubling of the odds', () => {
    expect(riskPoints(0.1, 0.1)).toBeCloseTo(0, 12);
    const doubled = (2 * 0.1) / 0.9 / (1 + (2 * 0.1) / 0.9);
    expect(riskPoints(doubled, 0.1)).toBeCloseTo(10, 9);
    expect(riskPoints(0.05, 0.1)).toBeLessThan(0);
  });

  it("combines a pair's parts by adding their log-odds effects", () => {
    expect(combineParts(0.1, 0.1, 0.1)).toBeCloseTo(0.1, 12);
    expect(logit(combineParts(0.3, 0.2, 0.1))).toBeCloseTo(logit(0.3) + logit(0.2) - logit(0.1), 9);
  });
});
