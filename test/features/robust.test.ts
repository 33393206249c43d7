import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAD_TO_SIGMA, robustSummary, robustZ } from '../../src/features/robust.js';

function sortedMedian(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

describe('robustSummary', () => {
  it('gives median and MAD of a hand-computed set', () => {
    // median 3; deviations 2, 2, 97, 0, 1 → MAD 2: the outlier 100 moves neither
    expect(robustSummary(Float64Array.from([5, 1, 100, 3, 2]))).toEqual({ n: 5, median: 3, mad: 2 });
    expect(robustSummary(Float64Array.from([4, 1, 2, 3]))).toEqual({ n: 4, median: 2.5, mad: 1 });
  });

  it('agrees with sorting on any data', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 60 }), (xs) => {
        const s = robustSummary(Float64Array.from(xs));
        const median = sortedMedian(xs);
        expect(s.median).toBe(median);
        expect(s.mad).toBe(sortedMedian(xs.map((x) => Math.abs(x - median))));
      }),
    );
  });

  it('scores with a floored MAD', () => {
    expect(robustZ(5, { n: 3, median: 2, mad: 1 }, 0.1)).toBeCloseTo(3 / MAD_TO_SIGMA, 12);
    expect(robustZ(5, { n: 3, median: 2, mad: 0 }, 0.5)).toBeCloseTo(3 / (MAD_TO_SIGMA * 0.5), 12);
  });
});
