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

/** Numeric: scans thresholds with missing values right of nothing (left), then, when the leaf has any, left of nothing. */
export function bestNumericSplit(
  hist: Float64Array,
  at: number,
  numBins: number,
  leaf: LeafSums,
  p: TreeParams,
  feature: number,
  best: Split | undefined,
): Split | undefined {
  const l2 = p.lambdaL2;
  const minShift = leafGain(leaf.g, leaf.h, l2);
  let bestGain = best ? best.gain + minShift : -Infinity;
  // The best cut's sums as numbers, its Split made once at the end: an object per improvement was most of the garbage.
  let bt = -1;
  let bLeft = false;
  let bLg = 0;
  let bLh = 0;
  let bLc = 0;
  let bRg = 0;
  let bRh = 0;
  let bRc = 0;
  // Reverse: right = bins t..B, left = the rest with the missing bin (default left).
  let rg = 0;
  let rh = 0;
  let rc = 0;
  for (let t = numBins - 1; t >= 2; t--) {
    const k = at + 3 * t;
    rg += hist[k];
    rh += hist[k + 1];
    rc += hist[k + 2];
    if (rc < p.minDataInLeaf || rh < p.minSumHessianInLeaf) continue;
    const lc = leaf.count - rc;
    const lh = leaf.h - rh;
    if (lc < p.minDataInLeaf || lh < p.minSumHessianInLeaf) break;
    const lg = leaf.g - rg;
    const gain = leafGain(lg, lh, l2) + leafGain(rg, rh, l2);
    if (gain <= minShift) continue;
    if (gain > bestGain) {
      bestGain = gain;
      bt = t - 1;
      bLeft = true;
      bLg = lg;
      bLh = lh;
      bLc = lc;
      bRg = rg;
      bRh = rh;
      bRc = rc;
    }
  }
  if (hist[at + 2] > 0) {
    // Forward: left = bins 1..t, right = the rest with the missing bin.
    let lg = 0;
    let lh = 0;
    let lc = 0;
    for (let t = 1; t <= numBins - 2; t++) {
      const k = at + 3 * t;
      lg += hist[k];
      lh += hist[k + 1];
      lc += hist[k + 2];
      if (lc < p.minDataInLeaf || lh < p.minSumHessianInLeaf) continue;
      const rc = leaf.count - lc;
      const rh = leaf.h - lh;
      if (rc < p.minDataInLeaf || rh < p.minSumHessianInLeaf) break;
      const rg = leaf.g - lg;
      const gain = leafGain(lg, lh, l2) + leafGain(rg, rh, l2);
      if (gain <= minShift) continue;
      if (gain > bestGain) {
        bestGain = gain;
        bt = t;
        bLeft = false;
        bLg = lg;
        bLh = lh;
        bLc = lc;
        bRg = rg;
        bRh = rh;
        bRc = rc;
      }
    }
  }
  if (bt < 0) return best;
  const found = numeric(feature, bt, bLeft, bLg, bLh, bLc, bRg, bRh, bRc, l2);
  found.gain = bestGain - minShift;
  return found;
}

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
