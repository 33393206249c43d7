import { orderByCtr } from './order-categories.js';
import { leafGain, leafOutput, type Side, type Split, type SplitSearch } from './split.js';

/**
 * Categorical, LightGBM's method: with few bins one category against the
 * rest; otherwise categories with enough rows are ordered by
 * gradient / (hessian + cat_smooth) and cut along that order from either end
 * (at most max_cat_threshold categories left, min_data_per_group rows between
 * candidate cuts), with cat_l2 added to the leaves' L2. Missing goes right.
 */
export const bestCategoricalSplit: SplitSearch = (hist, at, numBins, leaf, p, feature, best, present) => {
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
    const used = orderByCtr(hist, at, numBins, p.catSmooth, present);
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
          const bins =
            dir === 1 ? Array.from(used.subarray(0, i + 1)) : Array.from(used.subarray(used.length - 1 - i)).reverse();
          found = make(bins, lg, lh, lc, l2);
        }
      }
    }
  }
  if (found) found.gain = bestGain - minShift;
  return found ?? best;
};
