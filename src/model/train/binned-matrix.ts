import type { FeatureMatrix } from './feature-matrix.js';

/**
 * A feature matrix as histogram bins, column-major: bin 0 holds missing
 * values; numbers fall in quantile bins 1..B, each closed by an upper bound
 * (a split "bin ≤ b" is the threshold `upper[b]` on the real value);
 * categories keep their code as bin code + 1.
 */
export interface BinnedFeature {
  kind: 'numeric' | 'categorical';
  bins: Uint8Array | Uint16Array;
  /** Bins including the missing one. */
  numBins: number;
  /** Numeric: upper[b] closes bin b (upper[0] unused, the last is +∞). */
  upper?: Float64Array;
}

export interface BinnedMatrix {
  rows: number;
  features: BinnedFeature[];
  /**
   * The same bins row-major: a histogram reads a leaf's rows one after
   * another, so each row costs a cache line or two instead of one per
   * feature. Features of ≤ 256 bins take a byte each in `narrow` (row r's at
   * r × narrowWidth), the others two in `wide`; `slot[f]` is f's place in
   * its row.
   */
  rowBins: RowBins;
  /** Where each feature's bins start in a histogram of all features. */
  offsets: Int32Array;
  totalBins: number;
}

export interface RowBins {
  narrow: Uint8Array;
  narrowWidth: number;
  wide: Uint16Array;
  wideWidth: number;
  slot: Int32Array;
}

export const MAX_BINS = 255;
/** Values the bin bounds are computed from, at most (evenly spaced rows beyond). */
const BOUND_SAMPLE = 200_000;

export function binMatrix(m: FeatureMatrix, maxBins = MAX_BINS): BinnedMatrix {
  const features = m.features.map((f, j): BinnedFeature => {
    const column = m.columns[j];
    if (f.kind === 'categorical') {
      const numBins = (f.categories?.length ?? 0) + 1;
      const bins = numBins > 256 ? new Uint16Array(m.rows) : new Uint8Array(m.rows);
      for (let i = 0; i < m.rows; i++) bins[i] = Number.isNaN(column[i]) ? 0 : column[i] + 1;
      return { kind: 'categorical', bins, numBins };
    }
    const upper = quantileBounds(column, Math.min(maxBins, 255));
    return { kind: 'numeric', bins: binColumn(column, upper), numBins: upper.length, upper };
  });
  const offsets = new Int32Array(features.length);
  let total = 0;
  features.forEach((f, j) => {
    offsets[j] = total;
    total += f.numBins;
  });
  return { rows: m.rows, features, rowBins: rowMajor(features, m.rows), offsets, totalBins: total };
}

function rowMajor(features: readonly BinnedFeature[], rows: number): RowBins {
  const slot = new Int32Array(features.length);
  let narrowWidth = 0;
  let wideWidth = 0;
  features.forEach((f, j) => (slot[j] = f.bins instanceof Uint8Array ? narrowWidth++ : wideWidth++));
  const narrow = new Uint8Array(rows * narrowWidth);
  const wide = new Uint16Array(rows * wideWidth);
  features.forEach(({ bins }, j) => {
    const [into, width] = bins instanceof Uint8Array ? [narrow, narrowWidth] : [wide, wideWidth];
    for (let i = 0; i < rows; i++) into[i * width + slot[j]] = bins[i];
  });
  return { narrow, narrowWidth, wide, wideWidth, slot };
}

/** Bins of new rows (validation, scoring) with bounds learnt on training rows. */
export function binColumn(column: Float64Array, upper: Float64Array): Uint8Array {
  const out = new Uint8Array(column.length);
  const last = upper.length - 1;
  for (let i = 0; i < column.length; i++) {
    const v = column[i];
    if (Number.isNaN(v)) continue;
    let lo = 1;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (v <= upper[mid]) hi = mid;
      else lo = mid + 1;
    }
    out[i] = lo;
  }
  return out;
}

/**
 * Upper bounds of at most `maxBins` bins holding about equal numbers of
 * values; a value repeated more than a bin's share gets a bin of its own.
 * With few distinct values each has its bin, closed halfway to the next
 * (LightGBM's bounds).
 */
export function quantileBounds(column: Float64Array, maxBins: number): Float64Array {
  const step = Math.max(1, Math.floor(column.length / BOUND_SAMPLE));
  const sample: number[] = [];
  for (let i = 0; i < column.length; i += step) if (!Number.isNaN(column[i])) sample.push(column[i]);
  const sorted = Float64Array.from(sample).sort();
  const values: number[] = [];
  const counts: number[] = [];
  for (const v of sorted) {
    if (values.length && values[values.length - 1] === v) counts[counts.length - 1]++;
    else {
      values.push(v);
      counts.push(1);
    }
  }
  const upper = [Number.NaN];
  if (values.length <= maxBins) {
    for (let k = 0; k + 1 < values.length; k++) upper.push((values[k] + values[k + 1]) / 2);
  } else {
    let remaining = sorted.length;
    let inBin = 0;
    for (let k = 0; k + 1 < values.length && upper.length < maxBins; k++) {
      inBin += counts[k];
      const target = remaining / (maxBins - upper.length + 1);
      if (inBin >= target || counts[k + 1] >= target) {
        upper.push((values[k] + values[k + 1]) / 2);
        remaining -= inBin;
        inBin = 0;
      }
    }
  }
  upper.push(Number.POSITIVE_INFINITY);
  return Float64Array.from(upper);
}
