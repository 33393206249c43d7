import { describe, expect, it } from 'vitest';
import { rulePerformance } from '../../src/evaluate/rule-performance.js';

describe('rulePerformance', () => {
  it('counts hits, hit rate and the illicit share of hits per rule, silent rules included', () => {
    const rows = [
      { illicit: true, rules: ['undervalued', 'new-importer'] },
      { illicit: false, rules: ['undervalued'] },
      { illicit: true, rules: ['undervalued'] },
      { illicit: false, rules: [] },
    ];
    expect(rulePerformance(rows, ['new-importer', 'undervalued', 'never'])).toEqual([
      { rule: 'undervalued', hits: 3, hitRate: 3 / 4, precision: 2 / 3 },
      { rule: 'new-importer', hits: 1, hitRate: 1 / 4, precision: 1 },
      { rule: 'never', hits: 0, hitRate: 0, precision: 0 },
    ]);
  });
});
