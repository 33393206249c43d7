import { Random } from '../../dataset/random.js';
import type { BinnedMatrix } from './binned-matrix.js';
import { drawFeatures, growTree, type GrownTree, type PlacedRows } from './grow-tree.js';
import { HistogramPool } from './histogram.js';
import type { TreeParams } from './tree-params.js';
import { addPlacedScores, addTreeScores } from './walk-binned.js';

export interface BoostParams extends TreeParams {
  learningRate: number;
  /** Most boosting rounds; fewer when the validation loss stops improving. */
  rounds: number;
  /** Stop after this many rounds without a better validation log loss. */
  earlyStoppingRounds: number;
  /** Share of rows each tree learns from (drawn anew every round); 1: all. */
  baggingFraction: number;
  /** Share of features each tree may split on; 1: all. */
  featureFraction: number;
  seed: number;
}

export interface Boosted {
  initScore: number;
  /** Trees with their leaf values shrunk by the learning rate, up to the best round. */
  trees: GrownTree[];
  /** Rounds kept: the best on validation, or all without validation. */
  bestRounds: number;
  /** Raw scores (log-odds) of the validation rows at the best round. */
  validScores?: Float64Array;
  validLogLoss?: number;
}

/**
 * Gradient boosting for binary log loss (LightGBM's `binary` objective):
 * starts from the log-odds of the training rate, each tree fits the gradients
 * p − y with hessians p(1 − p). With validation rows, stops once the log loss
 * on them has not improved for `earlyStoppingRounds` and keeps the best round.
 */
export function boost(
  data: BinnedMatrix,
  labels: Uint8Array,
  fitRows: Uint32Array,
  params: BoostParams,
  validRows?: Uint32Array,
): Boosted {
  const random = new Random(params.seed);
  let positives = 0;
  for (const r of fitRows) positives += labels[r];
  const rate = Math.min(1 - 1e-12, Math.max(1e-12, positives / fitRows.length));
  const initScore = Math.log(rate / (1 - rate));
  // Raw scores of the fit rows by row (the rows a tree learnt from take their leaf's value from its partition).
  const scores = new Float64Array(data.rows);
  for (const r of fitRows) scores[r] = initScore;
  const validScores = validRows && new Float64Array(validRows.length).fill(initScore);
  const grad = new Float64Array(data.rows);
  const hess = new Float64Array(data.rows);
  const pool = new HistogramPool(3 * data.totalBins);
  const all = data.features.map((_, f) => f);
  const perTree = Math.max(1, Math.round(all.length * params.featureFraction));
  const bagged = new Uint32Array(fitRows.length);
  const outOfBag = new Uint32Array(fitRows.length);
  const outOfBagScores = new Float64Array(fitRows.length);
  const placed: PlacedRows = { order: bagged, leafBegin: [], leafEnd: [] };
  const trees: GrownTree[] = [];
  let best = { rounds: 0, loss: validRows ? logLoss(labels, validRows, validScores!) : Infinity };
  const bestScores = validScores && Float64Array.from(validScores);
  for (let round = 0; round < params.rounds; round++) {
    for (let i = 0; i < fitRows.length; i++) {
      const r = fitRows[i];
      const p = 1 / (1 + Math.exp(-scores[r]));
      grad[r] = p - labels[r];
      hess[r] = p * (1 - p);
    }
    const kept = params.baggingFraction < 1 ? bag(fitRows, params.baggingFraction, random, bagged, outOfBag) : -1;
    const rows = kept < 0 ? fitRows : bagged.subarray(0, kept);
    const allowed = perTree < all.length ? drawFeatures(all, perTree, random) : all;
    const tree = growTree(data, grad, hess, rows, allowed, params, pool, undefined, placed);
    tree.flat.leafValue = tree.flat.leafValue.map((v) => v * params.learningRate);
    trees.push(tree);
    addPlacedScores(tree, placed, scores);
    if (kept >= 0) {
      // Rows left out of the bag walk down the tree (from 0: adding the leaf value to 0 and then to the score is exact).
      const rest = outOfBag.subarray(0, fitRows.length - kept);
      const walked = outOfBagScores.subarray(0, rest.length).fill(0);
      addTreeScores(tree, data, rest, walked, 1);
      for (let i = 0; i < rest.length; i++) scores[rest[i]] += walked[i];
    }
    if (!validRows) continue;
    addTreeScores(tree, data, validRows, validScores!, 1);
    const loss = logLoss(labels, validRows, validScores!);
    if (loss < best.loss) {
      best = { rounds: trees.length, loss };
      bestScores!.set(validScores!);
    } else if (trees.length - best.rounds >= params.earlyStoppingRounds) break;
    // A tree without a split changes nothing: later rounds would repeat it.
    if (tree.flat.splitFeature.length === 0) break;
  }
  const rounds = validRows ? Math.max(1, best.rounds) : trees.length;
  return {
    initScore,
    trees: trees.slice(0, rounds),
    bestRounds: rounds,
    ...(validRows ? { validScores: bestScores!, validLogLoss: best.loss } : {}),
  };
}

/** Each row kept with probability `fraction`, one draw per row in order; returns how many were kept (the rest: out). */
function bag(rows: Uint32Array, fraction: number, random: Random, kept: Uint32Array, out: Uint32Array): number {
  let n = 0;
  let m = 0;
  for (let i = 0; i < rows.length; i++) {
    if (random.chance(fraction)) kept[n++] = rows[i];
    else out[m++] = rows[i];
  }
  return n;
}

export function logLoss(labels: Uint8Array, rows: Uint32Array, raw: Float64Array): number {
  let s = 0;
  for (let i = 0; i < rows.length; i++) {
    const z = raw[i];
    // log(1 + e^z) − y z, computed without overflow.
    s += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - labels[rows[i]] * z;
  }
  return rows.length ? s / rows.length : 0;
}
