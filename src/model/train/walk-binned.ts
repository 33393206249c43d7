import type { BinnedMatrix } from './binned-matrix.js';
import type { GrownTree, PlacedRows } from './grow-tree.js';

/**
 * Adds `scale` × the tree's leaf value to each row's score, walking rows in
 * their bins. Training's own walk (out-of-bag and validation rows during
 * boosting); scoring declarations is model/predict.ts's job, on real values.
 */
export function addTreeScores(
  tree: GrownTree,
  data: BinnedMatrix,
  rows: Uint32Array,
  scores: Float64Array,
  scale: number,
): void {
  const { splitFeature, left, right, leafValue, decisionType } = tree.flat;
  if (splitFeature.length === 0) {
    for (let i = 0; i < rows.length; i++) scores[i] += scale * leafValue[0];
    return;
  }
  const bins = splitFeature.map((f) => data.features[f].bins);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    let node = 0;
    while (node >= 0) {
      const b = bins[node][r];
      const mask = tree.leftBins[node];
      const goLeft = mask ? mask[b] === 1 : b === 0 ? (decisionType[node] & 2) !== 0 : b <= tree.binThreshold[node];
      node = goLeft ? left[node] : right[node];
    }
    scores[i] += scale * leafValue[~node];
  }
}

/** Adds each leaf's value to the scores (by row) of the rows the tree's partition put in it: no walk. */
export function addPlacedScores(tree: GrownTree, placed: PlacedRows, scores: Float64Array): void {
  const { leafValue } = tree.flat;
  const { order, leafBegin, leafEnd } = placed;
  for (let l = 0; l < leafValue.length; l++) {
    const v = leafValue[l];
    for (let i = leafBegin[l]; i < leafEnd[l]; i++) scores[order[i]] += v;
  }
}
