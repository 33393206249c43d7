import { describe, expect, it } from 'vitest';
import { fitThresholds, parseTargetRate } from '../../src/evaluate/fit-thresholds.js';

/** n points spread evenly from lo to hi, in a shuffled order. */
function spread(n: number, lo: number, hi: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => lo + (((i * 7919) % n) / (n - 1)) * (hi - lo));
}

describe('fitThresholds', () => {
  it('puts the red and yellow cut-offs at 5 % and 15 % from the top, unshifted when they fit in 0–100', () => {
    const t = fitThresholds(spread(10_000, 0, 90));
    expect(t.base).toBe(0);
    expect(t.red).toBeCloseTo(85.5, 0);
    expect(t.yellow).toBeCloseTo(76.5, 0);
    expect(t.shares.red).toBeCloseTo(0.05, 2);
    expect(t.shares.yellow).toBeCloseTo(0.1, 2);
  });

  it('shifts every score by base points when the top runs past the clamp at 100', () => {
    const t = fitThresholds(spread(10_000, -50, 250));
    expect(t.base).toBeLessThan(0);
    expect(t.red).toBeLessThanOrEqual(100);
    expect(t.yellow).toBeGreaterThan(0);
    expect(t.shares.red).toBeCloseTo(0.05, 2);
    expect(t.shares.yellow).toBeCloseTo(0.1, 2);
  });

  it('follows the target rate', () => {
    const t = fitThresholds(spread(10_000, 0, 90), { targetRate: 0.02, yellowRate: 0.1 });
    expect(t.shares.red).toBeCloseTo(0.02, 2);
  });
});

describe('parseTargetRate', () => {
  it('reads a share and refuses what is not one', () => {
    expect(parseTargetRate('5%')).toBe(0.05);
    expect(parseTargetRate('2.5')).toBe(0.025);
    expect(() => parseTargetRate('0')).toThrow(/not a target inspection rate/);
    expect(() => parseTargetRate('lots')).toThrow(/--target-rate 5%/);
  });
});
