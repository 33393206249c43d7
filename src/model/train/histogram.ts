import type { BinnedMatrix, RowBins } from './binned-matrix.js';

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
  const { narrowSlots, narrowStarts, wideSlots, wideStarts } = pool.featureIndex(allowed.length);
  let n = 0;
  let w = 0;
  for (const f of allowed) {
    const start = 3 * data.offsets[f];
    hist.fill(0, start, 3 * (data.offsets[f] + data.features[f].numBins));
    if (data.features[f].bins instanceof Uint8Array) {
      narrowSlots[n] = data.rowBins.slot[f];
      narrowStarts[n++] = start;
    } else {
      wideSlots[w] = data.rowBins.slot[f];
      wideStarts[w++] = start;
    }
  }
  accumulate(hist, data.rowBins, narrowSlots, narrowStarts, n, wideSlots, wideStarts, w, grad, hess, order, begin, end);
}

function accumulate(
  hist: Float64Array,
  rowBins: RowBins,
  narrowSlots: Int32Array,
  narrowStarts: Int32Array,
  n: number,
  wideSlots: Int32Array,
  wideStarts: Int32Array,
  w: number,
  grad: Float64Array,
  hess: Float64Array,
  order: Uint32Array,
  begin: number,
  end: number,
): void {
  const { narrow, narrowWidth, wide, wideWidth } = rowBins;
  for (let i = begin; i < end; i++) {
    const r = order[i];
    const g = grad[r];
    const h = hess[r];
    addRow(hist, narrow, r * narrowWidth, narrowSlots, narrowStarts, n, g, h);
    addRow(hist, wide, r * wideWidth, wideSlots, wideStarts, w, g, h);
  }
}

/** One row's gradient, hessian and count into the bins of its `count` features stored in `bins` (row from `base`). */
function addRow(
  hist: Float64Array,
  bins: Uint8Array | Uint16Array,
  base: number,
  slots: Int32Array,
  starts: Int32Array,
  count: number,
  g: number,
  h: number,
): void {
  for (let j = 0; j < count; j++) {
    const k = starts[j] + 3 * bins[base + slots[j]];
    hist[k] += g;
    hist[k + 1] += h;
    hist[k + 2]++;
  }
}

/** Reuses histogram buffers across leaves and trees (a leaf's is several hundred kB with many categories). */
export class HistogramPool {
  private readonly free: Float64Array[] = [];
  private index = HistogramPool.featureIndexOf(0);

  constructor(private readonly size: number) {}

  /** Scratch for the row slots of a histogram's features and where each starts in it (reused: no garbage per leaf). */
  featureIndex(m: number): ReturnType<typeof HistogramPool.featureIndexOf> {
    if (this.index.narrowSlots.length < m) this.index = HistogramPool.featureIndexOf(m);
    return this.index;
  }

  private static featureIndexOf(m: number) {
    return {
      narrowSlots: new Int32Array(m),
      narrowStarts: new Int32Array(m),
      wideSlots: new Int32Array(m),
      wideStarts: new Int32Array(m),
    };
  }

  take(): Float64Array {
    return this.free.pop() ?? new Float64Array(this.size);
  }

  give(hist: Float64Array): void {
    this.free.push(hist);
  }
}
