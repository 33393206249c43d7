import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  auc,
  inspectedCount,
  measureRanking,
  rank,
  RankingTotals,
  type ScoredRow,
} from '../../src/evaluate/metrics.js';

function row(id: string, score: number, illicit: boolean, revenue?: number): ScoredRow {
  return { id, score, illicit, ...(revenue !== undefined ? { revenue } : {}) };
}

describe('rank', () => {
  it('orders by score, highest first, and equal scores by id', () => {
    const ranked = rank([row('c', 1, false), row('b', 5, true), row('a', 1, true), row('d', 9, false)]);
    expect(ranked.map((r) => r.id)).toEqual(['d', 'b', 'a', 'c']);
  });
});

describe('inspectedCount', () => {
  it('rounds up, never past the total', () => {
    expect(inspectedCount(200, 5)).toBe(10);
    expect(inspectedCount(50, 1)).toBe(1);
    expect(inspectedCount(150, 1)).toBe(2);
    expect(inspectedCount(3, 100)).toBe(3);
    expect(inspectedCount(0, 5)).toBe(0);
  });
});

describe('precision, recall and revenue at n %', () => {
  // 20 rows: scores 20..1 (ids r01..r20), illicit at ranks 1, 3, 4 and 15.
  const illicitRanks = new Set([1, 3, 4, 15]);
  const rows = Array.from({ length: 20 }, (_, i) => {
    const r = i + 1;
    const id = `r${String(r).padStart(2, '0')}`;
    return row(id, 21 - r, illicitRanks.has(r), illicitRanks.has(r) ? r * 10 : 0);
  });

  it('counts the top ceil(n × p) rows', () => {
    const totals = new RankingTotals(rank(rows), true);
    // Top 10 % = 2 rows: r01 (illicit, 10), r02 (licit).
    expect(totals.at(10)).toEqual({ precision: 1 / 2, recall: 1 / 4, revenue: 10 / (10 + 30 + 40 + 150) });
    // Top 25 % = 5 rows: three illicit (r01, r03, r04).
    expect(totals.at(25)).toEqual({ precision: 3 / 5, recall: 3 / 4, revenue: 80 / 230 });
    expect(totals.at(100)).toEqual({ precision: 4 / 20, recall: 1, revenue: 1 });
  });

  it('reports revenue as null without a revenue column', () => {
    const { at } = measureRanking(rows, false);
    expect(Object.keys(at)).toEqual(['1', '2', '5', '10']);
    expect(at['5']).toEqual({ precision: 1, recall: 1 / 4, revenue: null });
  });

  it('breaks score ties by id, whatever the input order', () => {
    const tied = [row('b', 1, false), row('a', 1, true), row('c', 1, false)];
    const forward = new RankingTotals(rank(tied), false).at(34);
    const backward = new RankingTotals(rank([...tied].reverse()), false).at(34);
    // 34 % of 3 → 2 rows: a (illicit) and b.
    expect(forward).toEqual({ precision: 1 / 2, recall: 1, revenue: null });
    expect(backward).toEqual(forward);
  });
});

describe('auc', () => {
  it('is 1 for a perfect ranking and 0 for a reversed one', () => {
    expect(auc([row('a', 3, true), row('b', 2, false), row('c', 1, false)])).toBe(1);
    expect(auc([row('a', 1, true), row('b', 2, false), row('c', 3, false)])).toBe(0);
  });

  it('counts tied pairs as one half', () => {
    // Pairs (illicit, licit): (a,c) win, (a,d) tie, (b,c) tie, (b,d) loss → (1 + .5 + .5 + 0) / 4.
    expect(auc([row('a', 2, true), row('b', 1, true), row('c', 1, false), row('d', 2, false)])).toBe(0.5);
    // Pairs: (a,b) tie, (a,c) win → 0.75.
    expect(auc([row('a', 5, true), row('b', 5, false), row('c', 1, false)])).toBe(0.75);
  });

  it('is null when only one class is present', () => {
    expect(auc([row('a', 1, false), row('b', 2, false)])).toBeNull();
  });
});

describe('auc against counting every pair', () => {
  it('agrees on any scores, ties included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ score: fc.integer({ min: 0, max: 5 }), illicit: fc.boolean() }), {
          minLength: 2,
          maxLength: 40,
        }),
        (xs) => {
          const rows = xs.map((x, i) => ({ id: `r${i}`, ...x }));
          let wins = 0;
          let pairs = 0;
          for (const a of rows)
            for (const b of rows) {
              if (!a.illicit || b.illicit) continue;
              pairs++;
              wins += a.score > b.score ? 1 : a.score === b.score ? 0.5 : 0;
            }
          const got = auc(rows);
          if (pairs === 0) expect(got).toBeNull();
          else expect(got).toBeCloseTo(wins / pairs, 10);
        },
      ),
    );
  });
});
