import type { BinnedMatrix } from './binned-matrix.js';

/**
 * Per bin of every feature: sum of gradients, of hessians, and rows, side by
 * side (one Float64Array per leaf). Only the allowed features are filled.
 * Rows are read row-major: one pass over the leaf's rows, each row's bins
 * side by side, rather than one pass per feature gathering from a column.
 */
export function buildHistogram(
  hist: Float64Array,
  data: BinnedMatrix,
  grad: Float64Array,
  hess: Float64Array,
  order: Uint32Array,
  begin: number,
  end: number,
  allowed: readonly number[],
  pool: HistogramPool,
): void {
  const m = allowed.length;
  const { columns, starts } = pool.featureIndex(m);
  for (let j = 0; j < m; j++) {
    const f = allowed[j];
    columns[j] = f;
    starts[j] = 3 * data.offsets[f];
    hist.fill(0, starts[j], 3 * (data.offsets[f] + data.features[f].numBins));
  }
  accumulate(hist, data.rowBins, data.features.length, columns, starts, m, grad, hess, order, begin, end);
}

function accumulate(
  hist: Float64Array,
  rowBins: Uint16Array,
  width: number,
  columns: Int32Array,
  starts: Int32Array,
  m: number,
  grad: Float64Array,
  hess: Float64Array,
  order: Uint32Array,
  begin: number,
  end: number,
): void {
  for (let i = begin; i < end; i++) {
    const r = order[i];
    const g = grad[r];
    const h = hess[r];
    const base = r * width;
    for (let j = 0; j < m; j++) {
      const k = starts[j] + 3 * rowBins[base + columns[j]];
      hist[k] += g;
      hist[k + 1] += h;
      hist[k + 2]++;
    }
  }
}

/** Reuses histogram buffers across leaves and trees (a leaf's is several hundred kB with many categories). */
export class HistogramPool {
  private readonly free: Float64Array[] = [];
  private columns = new Int32Array(0);
  private starts = new Int32Array(0);

  constructor(private readonly size: number) {}

  /** Scratch for the features a histogram covers and where each starts in it (reused: no garbage per leaf). */
  featureIndex(m: number): { columns: Int32Array; starts: Int32Array } {
    if (this.columns.length < m) {
      this.columns = new Int32Array(m);
      this.starts = new Int32Array(m);
    }
    return { columns: this.columns, starts: this.starts };
  }

  take(): Float64Array {
    return this.free.pop() ?? new Float64Array(this.size);
  }

  give(hist: Float64Array): void {
    this.free.push(hist);
  }
}
