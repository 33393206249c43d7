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

const leafGain = (g: number, h: number, l2: number) => (g * g) / (h + l2);

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
  let found: Split | undefined;
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
      found = numeric(feature, t - 1, true, lg, lh, lc, rg, rh, rc, l2);
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
        found = numeric(feature, t, false, lg, lh, lc, rg, rh, rc, l2);
      }
    }
  }
  if (found) found.gain = bestGain - minShift;
  return found ?? best;
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

/**
 * Categorical, LightGBM's method: with few bins one category against the
 * rest; otherwise categories with enough rows are ordered by
 * gradient / (hessian + cat_smooth) and cut along that order from either end
 * (at most max_cat_threshold categories left, min_data_per_group rows between
 * candidate cuts), with cat_l2 added to the leaves' L2. Missing goes right.
 */
export function bestCategoricalSplit(
  hist: Float64Array,
  at: number,
  numBins: number,
  leaf: LeafSums,
  p: TreeParams,
  feature: number,
  best: Split | undefined,
): Split | undefined {
  const minShift = leafGain(leaf.g, leaf.h, p.lambdaL2);
  let bestGain = best ? best.gain + minShift : -Infinity;
  let found: Split | undefined;
  const side = (g: number, h: number, c: number, l2: number): Side => ({
    g,
    h,
    count: c,
    output: leafOutput(g, h, l2),
  });
  const make = (leftBins: number[], lg: number, lh: number, lc: number, l2: number): Split => ({
    gain: 0,
    feature,
    categorical: true,
    binThreshold: 0,
    defaultLeft: false,
    leftBins,
    left: side(lg, lh, lc, l2),
    right: side(leaf.g - lg, leaf.h - lh, leaf.count - lc, l2),
  });
  if (numBins <= p.maxCatToOnehot) {
    const l2 = p.lambdaL2;
    for (let t = 1; t < numBins; t++) {
      const k = at + 3 * t;
      const g = hist[k];
      const h = hist[k + 1];
      const c = hist[k + 2];
      if (c < p.minDataInLeaf || h < p.minSumHessianInLeaf) continue;
      if (leaf.count - c < p.minDataInLeaf || leaf.h - h < p.minSumHessianInLeaf) continue;
      const gain = leafGain(g, h, l2) + leafGain(leaf.g - g, leaf.h - h, l2);
      if (gain <= minShift) continue;
      if (gain > bestGain) {
        bestGain = gain;
        found = make([t], g, h, c, l2);
      }
    }
  } else {
    const l2 = p.lambdaL2 + p.catL2;
    const used: number[] = [];
    for (let t = 1; t < numBins; t++) if (hist[at + 3 * t + 2] >= p.catSmooth) used.push(t);
    const ctr = new Float64Array(numBins);
    for (const t of used) ctr[t] = hist[at + 3 * t] / (hist[at + 3 * t + 1] + p.catSmooth);
    used.sort((a, b) => ctr[a] - ctr[b] || a - b);
    const maxNumCat = Math.min(p.maxCatThreshold, (used.length + 1) >> 1);
    for (const dir of [1, -1]) {
      let pos = dir === 1 ? 0 : used.length - 1;
      let lg = 0;
      let lh = 0;
      let lc = 0;
      let group = 0;
      for (let i = 0; i < used.length && i < maxNumCat; i++) {
        const k = at + 3 * used[pos];
        pos += dir;
        lg += hist[k];
        lh += hist[k + 1];
        lc += hist[k + 2];
        group += hist[k + 2];
        if (lc < p.minDataInLeaf || lh < p.minSumHessianInLeaf) continue;
        const rc = leaf.count - lc;
        if (rc < p.minDataInLeaf || rc < p.minDataPerGroup) break;
        if (leaf.h - lh < p.minSumHessianInLeaf) break;
        if (group < p.minDataPerGroup) continue;
        group = 0;
        const gain = leafGain(lg, lh, l2) + leafGain(leaf.g - lg, leaf.h - lh, l2);
        if (gain <= minShift) continue;
        if (gain > bestGain) {
          bestGain = gain;
          const bins = dir === 1 ? used.slice(0, i + 1) : used.slice(used.length - 1 - i).reverse();
          found = make(bins, lg, lh, lc, l2);
        }
      }
    }
  }
  if (found) found.gain = bestGain - minShift;
  return found ?? best;
}
