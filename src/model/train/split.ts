import type { TreeParams } from './tree-params.js';

/**
 * The best split of one leaf on one feature, from its histogram (LightGBM's
 * search: gains G²/(H+λ), a split kept only when it gains over the leaf).
 * A histogram holds, per bin, the sums of gradients, hessians and rows.
 */
export interface Split {
  /** Gain over not splitting the leaf. */
  gain: number;
  feature: number;
  categorical: boolean;
  /** Numeric: bins 1..threshold go left. */
  binThreshold: number;
  /** Where rows with a missing value go (numeric; categorical: always right). */
  defaultLeft: boolean;
  /** Categorical: bins sent left. */
  leftBins: number[];
  left: Side;
  right: Side;
}

export interface Side {
  g: number;
  h: number;
  count: number;
  output: number;
}

export interface LeafSums {
  g: number;
  h: number;
  count: number;
}

export function leafOutput(g: number, h: number, l2: number): number {
  return -g / (h + l2);
}

export const leafGain = (g: number, h: number, l2: number) => (g * g) / (h + l2);

/** How a leaf's best split is searched on one feature kind; `present` lists the bins the leaf's rows use (categorical). */
export type SplitSearch = (
  hist: Float64Array,
  at: number,
  numBins: number,
  leaf: LeafSums,
  p: TreeParams,
  feature: number,
  best: Split | undefined,
  present?: Int32Array,
) => Split | undefined;

/**
 * Numeric: scans thresholds from the top bin down with missing values left,
 * then, when the leaf has any, from the bottom up with them right. Each scan
 * sums the side it grows ("near"); the other side is the leaf minus it.
 */
export const bestNumericSplit: SplitSearch = (hist, at, numBins, leaf, p, feature, best) => {
  const l2 = p.lambdaL2;
  const minShift = leafGain(leaf.g, leaf.h, l2);
  let bestGain = best ? best.gain + minShift : -Infinity;
  // The best cut's sums as numbers, its Split made once at the end: an object per improvement was most of the garbage.
  let bt = -1;
  let bLeft = false;
  let bNg = 0;
  let bNh = 0;
  let bNc = 0;
  for (let pass = 0; pass < 2; pass++) {
    // Reverse: near = right = bins t..B, the missing bin left (default left). Forward: near = left = bins 1..t.
    const forward = pass === 1;
    if (forward && !(hist[at + 2] > 0)) break;
    const step = forward ? 1 : -1;
    let ng = 0;
    let nh = 0;
    let nc = 0;
    for (let i = 0, t = forward ? 1 : numBins - 1; i < numBins - 2; i++, t += step) {
      const k = at + 3 * t;
      ng += hist[k];
      nh += hist[k + 1];
      nc += hist[k + 2];
      if (nc < p.minDataInLeaf || nh < p.minSumHessianInLeaf) continue;
      const fc = leaf.count - nc;
      const fh = leaf.h - nh;
      if (fc < p.minDataInLeaf || fh < p.minSumHessianInLeaf) break;
      const gain = leafGain(ng, nh, l2) + leafGain(leaf.g - ng, fh, l2);
      if (gain <= minShift) continue;
      if (gain > bestGain) {
        bestGain = gain;
        bt = forward ? t : t - 1;
        bLeft = !forward;
        bNg = ng;
        bNh = nh;
        bNc = nc;
      }
    }
  }
  if (bt < 0) return best;
  const fg = leaf.g - bNg;
  const fh = leaf.h - bNh;
  const fc = leaf.count - bNc;
  const found = bLeft
    ? numeric(feature, bt, true, fg, fh, fc, bNg, bNh, bNc, l2)
    : numeric(feature, bt, false, bNg, bNh, bNc, fg, fh, fc, l2);
  found.gain = bestGain - minShift;
  return found;
};

function numeric(
  feature: number,
  binThreshold: number,
  defaultLeft: boolean,
  lg: number,
  lh: number,
  lc: number,
  rg: number,
  rh: number,
  rc: number,
  l2: number,
): Split {
  return {
    gain: 0,
    feature,
    categorical: false,
    binThreshold,
    defaultLeft,
    leftBins: [],
    left: { g: lg, h: lh, count: lc, output: leafOutput(lg, lh, l2) },
    right: { g: rg, h: rh, count: rc, output: leafOutput(rg, rh, l2) },
  };
}
