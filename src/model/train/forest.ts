import { Random } from '../../dataset/random.js';
import type { BinnedMatrix } from './binned-matrix.js';
import { growTree, type GrownTree } from './grow-tree.js';
import { HistogramPool } from './histogram.js';
import type { TreeParams } from './tree-params.js';
import { addTreeScores } from './walk-binned.js';

export interface ForestParams extends TreeParams {
  trees: number;
  /** Rows drawn (with replacement) for each tree, at most. */
  samplesPerTree: number;
  seed: number;
}

export interface Forest {
  trees: GrownTree[];
  /** Mean leaf value over the trees (probability) of the validation rows. */
  validScores?: Float64Array;
}

/**
 * A random forest on the same histograms: each tree learns from a bootstrap
 * of the rows and draws `featuresPerSplit` features at every split. With
 * gradient −y and hessian 1 (no L2), a split's gain is the drop in squared
 * error (Gini impurity, for 0/1 outcomes) and a leaf's value its share of
 * illicit rows; the forest's probability is the mean over trees.
 */
export function forest(
  data: BinnedMatrix,
  labels: Uint8Array,
  fitRows: Uint32Array,
  params: ForestParams,
  validRows?: Uint32Array,
): Forest {
  const random = new Random(params.seed);
  const grad = new Float64Array(data.rows);
  const hess = new Float64Array(data.rows);
  for (const r of fitRows) {
    grad[r] = -labels[r];
    hess[r] = 1;
  }
  const pool = new HistogramPool(3 * data.totalBins);
  const all = data.features.map((_, f) => f);
  const p: TreeParams = { ...params, lambdaL2: 0, catL2: 0 };
  const draws = Math.min(fitRows.length, params.samplesPerTree);
  const trees: GrownTree[] = [];
  const validScores = validRows && new Float64Array(validRows.length);
  for (let t = 0; t < params.trees; t++) {
    const rows = new Uint32Array(draws);
    for (let i = 0; i < draws; i++) rows[i] = fitRows[random.int(fitRows.length)];
    const tree = growTree(data, grad, hess, rows, all, p, pool, random);
    trees.push(tree);
    if (validRows) addTreeScores(tree, data, validRows, validScores!, 1 / params.trees);
  }
  return { trees, ...(validScores ? { validScores } : {}) };
}
