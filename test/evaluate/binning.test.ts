import { describe, expect, it } from 'vitest';
import { binFact, binIndex, binLabel } from '../../src/evaluate/binning.js';

describe('binFact', () => {
  it('cuts numbers at quantiles and keeps missing values as their own bin', () => {
    const values = [...Array.from({ length: 100 }, (_, i) => i), undefined, undefined];
    const b = binFact('x', values, { quantiles: 4, maxCategories: 5, minShare: 0.01 });
    expect(b?.bins).toEqual([
      { kind: 'range', hi: 25 },
      { kind: 'range', lo: 25, hi: 50 },
      { kind: 'range', lo: 50, hi: 75 },
      { kind: 'range', lo: 75 },
      { kind: 'missing' },
    ]);
    expect(binIndex(b!, 0)).toBe(0);
    expect(binIndex(b!, 25)).toBe(1);
    expect(binIndex(b!, 1e9)).toBe(3);
    expect(binIndex(b!, undefined)).toBe(4);
    expect(binLabel('x', b!.bins[1])).toBe('x in [25, 50)');
  });

  it('never repeats a cut when values are tied', () => {
    const values = [...Array(90).fill(0), ...Array.from({ length: 10 }, (_, i) => i + 1)];
    const b = binFact('x', values, { quantiles: 4, maxCategories: 5, minShare: 0.01 });
    expect(b?.bins).toEqual([
      { kind: 'range', hi: 1 },
      { kind: 'range', lo: 1 },
    ]);
  });

  it('keeps frequent categories and pools the rest', () => {
    const values = [...Array(50).fill('sea'), ...Array(40).fill('air'), 'post', 'rail'];
    const b = binFact('mode', values, { quantiles: 4, maxCategories: 5, minShare: 0.05 });
    expect(b?.bins).toEqual([
      { kind: 'category', value: 'sea' },
      { kind: 'category', value: 'air' },
      { kind: 'other', except: ['sea', 'air'] },
    ]);
    expect(binIndex(b!, 'rail')).toBe(2);
    expect(binIndex(b!, 'air')).toBe(1);
    expect(binIndex(b!, undefined)).toBe(-1);
  });

  it('drops a fact with a single value', () => {
    expect(binFact('x', [1, 1, 1])).toBeNull();
    expect(binFact('x', [true, true, undefined])?.bins).toEqual([
      { kind: 'category', value: true },
      { kind: 'missing' },
    ]);
  });
});
