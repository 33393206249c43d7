import type { GroupTable } from './profile.js';

/** Running inspection counts per key of one dimension, optionally split by fold. */
export interface FoldCounts {
  count: Int32Array;
  illicit: Int32Array;
  revenue: Float64Array;
}

/**
 * Counts are additive, so they are accumulated in one streaming pass (O(1) per
 * row) instead of materializing a million-row frame per dimension. Keys are
 * interned to dense indexes; a pair of interned parts is itself interned by
 * its two indexes, so no pair string is built per row.
 */
export class KeyCounts {
  readonly keys: string[] = [];
  private readonly index = new Map<string | number, number>();
  private count: number[] = [];
  private illicit: number[] = [];
  private revenue: number[] = [];
  private firstDay: number[] = [];
  private foldCount: number[] = [];
  private foldIllicit: number[] = [];
  private foldRevenue: number[] = [];

  constructor(private readonly folds = 0) {}

  /** Dense index of a key, made on first sight; `label` builds the key's text only then. */
  intern(id: string | number, label: () => string): number {
    let i = this.index.get(id);
    if (i === undefined) {
      i = this.keys.length;
      this.index.set(id, i);
      this.keys.push(label());
      this.count.push(0);
      this.illicit.push(0);
      this.revenue.push(0);
      this.firstDay.push(Number.POSITIVE_INFINITY);
      for (let f = 0; f < this.folds; f++) {
        this.foldCount.push(0);
        this.foldIllicit.push(0);
        this.foldRevenue.push(0);
      }
    }
    return i;
  }

  /** One declaration of key `i`: label −1 when it was not inspected (it still counts as seen). */
  add(i: number, label: number, revenue: number, day: number, fold: number): void {
    if (day < this.firstDay[i]) this.firstDay[i] = day;
    if (label < 0) return;
    this.count[i]++;
    this.illicit[i] += label;
    this.revenue[i] += revenue;
    if (this.folds > 0) {
      const at = i * this.folds + fold;
      this.foldCount[at]++;
      this.foldIllicit[at] += label;
      this.foldRevenue[at] += revenue;
    }
  }

  get size(): number {
    return this.keys.length;
  }

  table(): GroupTable {
    return {
      keys: [...this.keys],
      count: [...this.count],
      illicit: [...this.illicit],
      revenue: this.revenue.map(round),
    };
  }

  /** Keys with a known first declaration day. */
  firstSeen(): { keys: string[]; day: number[] } {
    const keys: string[] = [];
    const day: number[] = [];
    this.keys.forEach((k, i) => {
      if (Number.isFinite(this.firstDay[i])) {
        keys.push(k);
        day.push(this.firstDay[i]);
      }
    });
    return { keys, day };
  }

  byFold(): FoldCounts {
    return {
      count: Int32Array.from(this.foldCount),
      illicit: Int32Array.from(this.foldIllicit),
      revenue: Float64Array.from(this.foldRevenue),
    };
  }
}

/** Six decimals keep the file small without changing any decision. */
export function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
