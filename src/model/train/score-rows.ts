import type { Mapping } from '../../declaration/mapping.js';
import type { FlatTree, TreeEnsemble } from '../ensemble.js';
import { featureMatrix, type MatrixRow } from './feature-matrix.js';
import { modelInputs } from './inputs.js';

/**
 * Scores declarations with a freshly trained ensemble, walking real values:
 * training's own check of a model on later rows (tests, benchmarks). Serving
 * scores through model/predict.ts, which is to replace this walk.
 */
export function scoreRows(ensemble: TreeEnsemble, mapping: Mapping, rows: readonly MatrixRow[]): Float64Array {
  const m = featureMatrix(
    modelInputs(mapping),
    rows,
    ensemble.features.map((f) => f.categories),
  );
  const x = new Float64Array(m.columns.length);
  return Float64Array.from(rows, (_, i) => {
    for (let f = 0; f < x.length; f++) x[f] = m.columns[f][i];
    let s = 0;
    for (const t of ensemble.trees) s += leafValue(t, x);
    return ensemble.kind === 'rf' ? s / ensemble.trees.length : 1 / (1 + Math.exp(-(ensemble.initScore + s)));
  });
}

function leafValue(t: FlatTree, x: Float64Array): number {
  let node = t.splitFeature.length ? 0 : -1;
  while (node >= 0) {
    const v = x[t.splitFeature[node]];
    const type = t.decisionType[node];
    let left: boolean;
    if (type & 1) {
      const k = t.threshold[node];
      const from = t.catBoundaries![k];
      const word = v >> 5;
      left = v >= 0 && word < t.catBoundaries![k + 1] - from && ((t.catThreshold![from + word] >>> (v & 31)) & 1) === 1;
    } else left = Number.isNaN(v) ? (type & 2) !== 0 : v <= t.threshold[node];
    node = left ? t.left[node] : t.right[node];
  }
  return t.leafValue[~node];
}
