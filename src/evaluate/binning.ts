import { lowerBound, upperBound } from '../sorted-search.js';

/**
 * Turns a fact's training values into a few bins a scorecard gives points to:
 * quantile ranges for numbers, frequent categories (the rest pooled as
 * "other") for strings and booleans, and missing values as a bin of their own
 * (a missing profile fact, e.g. a new importer, is information too).
 */
export type Bin =
  | { kind: 'missing' }
  /** lo ≤ x < hi; an absent bound is open. */
  | { kind: 'range'; lo?: number; hi?: number }
  | { kind: 'category'; value: string | boolean }
  /** Every category not listed in `except` (and present). */
  | { kind: 'other'; except: (string | boolean)[] };

export interface BinnedFact {
  fact: string;
  bins: Bin[];
}

export interface BinningOptions {
  /** Quantile bins per numeric fact (fewer when values repeat). */
  quantiles: number;
  /** Most categories kept per string fact. */
  maxCategories: number;
  /** Least share of non-missing rows a category (or a numeric bin) needs. */
  minShare: number;
}

export const DEFAULT_BINNING: BinningOptions = { quantiles: 6, maxCategories: 12, minShare: 0.01 };

export function isMissing(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'number' && !Number.isFinite(v)) || v === '';
}

/** Bins for one fact from its training values; null when the fact carries nothing (one value only). */
export function binFact(
  fact: string,
  values: readonly unknown[],
  opts: BinningOptions = DEFAULT_BINNING,
): BinnedFact | null {
  const present = values.filter((v) => !isMissing(v));
  const numeric = present.length > 0 && present.every((v) => typeof v === 'number');
  const bins = numeric ? numericBins(present as number[], opts) : categoryBins(present, opts);
  if (present.length < values.length) bins.push({ kind: 'missing' });
  return bins.length >= 2 ? { fact, bins } : null;
}

function numericBins(values: number[], opts: BinningOptions): Bin[] {
  const sorted = Float64Array.from(values).sort();
  const minCount = Math.max(1, Math.ceil(sorted.length * opts.minShare));
  const readable = readableAt(sorted);
  const cuts: number[] = [];
  for (let i = 1; i < opts.quantiles; i++) {
    const last = cuts.length ? cuts[cuts.length - 1] : -Infinity;
    let cut = readable(sorted[Math.floor((sorted.length * i) / opts.quantiles)]);
    // A value repeated past the quantile (many zeros) moves the cut to the next distinct value.
    if (lowerBound(sorted, cut) - lowerBound(sorted, last) < minCount) {
      const next = upperBound(sorted, cut);
      if (next >= sorted.length) break;
      cut = readable(sorted[next]);
    }
    // A cut must leave enough rows on its left and never repeat (ties, rounding).
    if (
      cut > last &&
      lowerBound(sorted, cut) - lowerBound(sorted, last) >= minCount &&
      sorted.length - lowerBound(sorted, cut) >= minCount
    ) {
      cuts.push(cut);
    }
  }
  const bins: Bin[] = [];
  for (let i = 0; i <= cuts.length; i++) {
    bins.push({ kind: 'range', ...(i > 0 ? { lo: cuts[i - 1] } : {}), ...(i < cuts.length ? { hi: cuts[i] } : {}) });
  }
  return cuts.length ? bins : [];
}

function categoryBins(values: unknown[], opts: BinningOptions): Bin[] {
  const counts = new Map<string | boolean, number>();
  for (const v of values) {
    const key = typeof v === 'boolean' ? v : String(v);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const minCount = Math.max(1, Math.ceil(values.length * opts.minShare));
  const kept = [...counts]
    .filter(([, n]) => n >= minCount)
    .sort((a, b) => b[1] - a[1] || (String(a[0]) < String(b[0]) ? -1 : 1))
    .slice(0, opts.maxCategories)
    .map(([v]) => v);
  const bins: Bin[] = kept.map((value) => ({ kind: 'category', value }));
  if (kept.length < counts.size) bins.push({ kind: 'other', except: kept });
  return bins;
}

/** Index of the bin `v` falls in, or -1 (a value type training never saw). */
export function binIndex(b: BinnedFact, v: unknown): number {
  const missing = isMissing(v);
  for (let i = 0; i < b.bins.length; i++) {
    const bin = b.bins[i];
    if (bin.kind === 'missing') {
      if (missing) return i;
    } else if (missing) {
      continue;
    } else if (bin.kind === 'range') {
      if (typeof v === 'number' && (bin.lo === undefined || v >= bin.lo) && (bin.hi === undefined || v < bin.hi))
        return i;
    } else if (bin.kind === 'category') {
      if (categoryKey(v) === bin.value) return i;
    } else if (!bin.except.includes(categoryKey(v))) {
      return i;
    }
  }
  return -1;
}

function categoryKey(v: unknown): string | boolean {
  return typeof v === 'boolean' ? v : String(v);
}

/**
 * Cut points an analyst can read and edit: three significant digits, and no
 * finer than a thousandth of the fact's usual magnitude (its 5th–95th
 * percentile span), so a z-score is cut at 0 rather than at 0.00000658.
 */
function readableAt(sorted: Float64Array): (x: number) => number {
  const n = sorted.length;
  const magnitude = Math.max(Math.abs(sorted[Math.floor(n * 0.05)]), Math.abs(sorted[Math.floor(n * 0.95)]));
  const exponent = magnitude > 0 ? Math.floor(Math.log10(magnitude)) - 2 : 0;
  const digits = Math.max(0, -exponent);
  return (x) => {
    const coarse = Math.round(x / 10 ** exponent) * 10 ** exponent;
    const rounded = digits > 0 ? Number(coarse.toFixed(Math.min(digits, 100))) : coarse;
    return rounded === 0 ? 0 : Number(rounded.toPrecision(3));
  };
}

/** The bin as an analyst reads it, e.g. `valuePerKg in [1.2, 4.5)`, `transportMode = air`. */
export function binLabel(fact: string, bin: Bin): string {
  switch (bin.kind) {
    case 'missing':
      return `${fact} missing`;
    case 'range':
      if (bin.lo === undefined) return `${fact} < ${bin.hi}`;
      if (bin.hi === undefined) return `${fact} ≥ ${bin.lo}`;
      return `${fact} in [${bin.lo}, ${bin.hi})`;
    case 'category':
      return `${fact} = ${bin.value}`;
    case 'other':
      return `${fact} other than ${bin.except.join(', ')}`;
  }
}
