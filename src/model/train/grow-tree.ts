import type { Random } from '../../dataset/random.js';
import type { FlatTree } from '../ensemble.js';
import type { BinnedFeature, BinnedMatrix } from './binned-matrix.js';
import { buildHistogram, HistogramPool } from './histogram.js';
import { presentBins } from './order-categories.js';
import { categoryMask, partition } from './partition.js';
import { bestCategoricalSplit } from './categorical-split.js';
import { bestNumericSplit, leafOutput, type Split } from './split.js';
import type { TreeParams } from './tree-params.js';

/** A grown tree: its flat form (leaf values not yet shrunk) and its splits in bins, for walking binned rows. */
export interface GrownTree {
  flat: FlatTree;
  /** Per internal node: numeric bins ≤ this go left. */
  binThreshold: Int32Array;
  /** Per internal node: categorical bins that go left (undefined for numeric). */
  leftBins: (Uint8Array | undefined)[];
}

/** Where a tree's partition left its rows: leaf l's are order[leafBegin[l]..leafEnd[l]). */
export interface PlacedRows {
  order: Uint32Array;
  leafBegin: number[];
  leafEnd: number[];
}

interface Leaf {
  begin: number;
  end: number;
  g: number;
  h: number;
  count: number;
  depth: number;
  hist?: Float64Array;
  best?: Split;
}

/**
 * Leaf-wise growth (LightGBM's): the leaf whose best split gains most is
 * split next, until `numLeaves`. `rows` lists the rows the tree learns from
 * (repeats weigh a row more: a bootstrap). Of two new leaves the smaller gets
 * its histogram built, the larger takes the parent's minus it.
 */
export function growTree(
  data: BinnedMatrix,
  grad: Float64Array,
  hess: Float64Array,
  rows: Uint32Array,
  allowed: readonly number[],
  p: TreeParams,
  pool: HistogramPool,
  random?: Random,
  placed?: PlacedRows,
): GrownTree {
  const order = rows.slice();
  const scratch = new Uint32Array(order.length);
  const flat: FlatTree = {
    splitFeature: [],
    threshold: [],
    decisionType: [],
    left: [],
    right: [],
    leafValue: [],
    leafCount: [],
    internalCount: [],
  };
  const binThreshold: number[] = [];
  const leftBins: (Uint8Array | undefined)[] = [];
  const catBoundaries: number[] = [0];
  const catThreshold: number[] = [];
  const leafParent: number[] = [-1];

  let g = 0;
  let h = 0;
  for (let i = 0; i < order.length; i++) {
    g += grad[order[i]];
    h += hess[order[i]];
  }
  const root: Leaf = { begin: 0, end: order.length, g, h, count: order.length, depth: 0 };
  const leaves: Leaf[] = [root];
  const outputs: number[] = [leafOutput(g, h, p.lambdaL2)];
  // Features drawn per split (a forest): each leaf's histogram covers only its draw, built when the leaf is made.
  const perSplit = p.featuresPerSplit > 0 && random ? pool.take() : undefined;
  if (!perSplit) {
    root.hist = pool.take();
    buildHistogram(root.hist, data, grad, hess, order, 0, order.length, allowed, pool);
  }
  findBest(root);

  while (leaves.length < p.numLeaves) {
    let at = -1;
    for (let l = 0; l < leaves.length; l++) {
      const s = leaves[l].best;
      if (s && s.gain > 0 && (at < 0 || s.gain > leaves[at].best!.gain)) at = l;
    }
    if (at < 0) break;
    const parent = leaves[at];
    const s = parent.best!;
    const node = flat.splitFeature.length;
    const mid = parent.begin + partition(data, s, order, scratch, parent.begin, parent.end);

    const left: Leaf = { begin: parent.begin, end: mid, ...s.left, depth: parent.depth + 1 };
    const right: Leaf = { begin: mid, end: parent.end, ...s.right, depth: parent.depth + 1 };
    if (!perSplit) {
      const [small, large] = left.count <= right.count ? [left, right] : [right, left];
      small.hist = pool.take();
      buildHistogram(small.hist, data, grad, hess, order, small.begin, small.end, allowed, pool);
      large.hist = subtract(parent.hist!, small.hist, data, allowed);
      parent.hist = undefined;
    }

    const rightIndex = leaves.length;
    leaves[at] = left;
    leaves.push(right);
    outputs[at] = s.left.output;
    outputs.push(s.right.output);
    const up = leafParent[at];
    if (up >= 0) {
      if (flat.left[up] === ~at) flat.left[up] = node;
      else flat.right[up] = node;
    }
    leafParent[at] = node;
    leafParent.push(node);
    flat.splitFeature.push(s.feature);
    flat.left.push(~at);
    flat.right.push(~rightIndex);
    flat.internalCount.push(parent.count);
    if (s.categorical) {
      flat.threshold.push(catBoundaries.length - 1);
      // LightGBM's decision type: categorical (bit 0), missing type NaN (bits 2–3 = 2): missing goes right.
      flat.decisionType.push(1 | (2 << 2));
      const words = new Array<number>(((Math.max(...s.leftBins) - 1) >> 5) + 1).fill(0);
      for (const b of s.leftBins) words[(b - 1) >> 5] |= 1 << ((b - 1) & 31);
      catThreshold.push(...words.map((w) => w >>> 0));
      catBoundaries.push(catThreshold.length);
      binThreshold.push(-1);
      leftBins.push(categoryMask(s.leftBins, data.features[s.feature].numBins));
    } else {
      flat.threshold.push(data.features[s.feature].upper![s.binThreshold]);
      flat.decisionType.push((s.defaultLeft ? 2 : 0) | (2 << 2));
      binThreshold.push(s.binThreshold);
      leftBins.push(undefined);
    }
    findBest(left);
    findBest(right);
  }
  for (const leaf of leaves) if (leaf.hist) pool.give(leaf.hist);
  if (perSplit) pool.give(perSplit);
  flat.leafValue = outputs;
  flat.leafCount = leaves.map((l) => l.count);
  if (placed) {
    placed.order = order;
    placed.leafBegin = leaves.map((l) => l.begin);
    placed.leafEnd = leaves.map((l) => l.end);
  }
  if (catThreshold.length) {
    flat.catBoundaries = catBoundaries;
    flat.catThreshold = catThreshold;
  }
  return { flat, binThreshold: Int32Array.from(binThreshold), leftBins };

  function findBest(leaf: Leaf): void {
    leaf.best = undefined;
    const splittable =
      leaf.count >= 2 * p.minDataInLeaf &&
      leaf.h >= 2 * p.minSumHessianInLeaf &&
      (p.maxDepth < 0 || leaf.depth < p.maxDepth);
    if (!splittable) {
      if (leaf.hist) pool.give(leaf.hist);
      leaf.hist = undefined;
      return;
    }
    let candidates = allowed;
    let hist = leaf.hist!;
    if (perSplit) {
      candidates = drawFeatures(allowed, p.featuresPerSplit, random!);
      hist = perSplit;
      buildHistogram(hist, data, grad, hess, order, leaf.begin, leaf.end, candidates, pool);
    }
    let best: Split | undefined;
    for (const f of candidates) {
      const feature = data.features[f];
      const at = 3 * data.offsets[f];
      best =
        feature.kind === 'numeric'
          ? bestNumericSplit(hist, at, feature.numBins, leaf, p, f, best)
          : bestCategoricalSplit(hist, at, feature.numBins, leaf, p, f, best, present(feature, leaf));
    }
    leaf.best = best;
  }

  /** A leaf with far fewer rows than the feature has categories: the bins its rows have (else all are scanned). */
  function present(feature: BinnedFeature, leaf: Leaf): Int32Array | undefined {
    if (4 * leaf.count >= feature.numBins) return undefined;
    return presentBins(feature.bins, order, leaf.begin, leaf.end, feature.numBins);
  }
}

/** The parent's histogram becomes the larger child's: parent − smaller child, over the features in use. */
function subtract(
  parent: Float64Array,
  child: Float64Array,
  data: BinnedMatrix,
  allowed: readonly number[],
): Float64Array {
  for (const f of allowed) {
    const end = 3 * (data.offsets[f] + data.features[f].numBins);
    for (let k = 3 * data.offsets[f]; k < end; k++) parent[k] -= child[k];
  }
  return parent;
}

/** `k` of the allowed features, drawn without replacement, in feature order (ties break alike). */
export function drawFeatures(allowed: readonly number[], k: number, random: Random): number[] {
  if (k >= allowed.length) return [...allowed];
  const pool = [...allowed];
  for (let i = 0; i < k; i++) {
    const j = i + random.int(pool.length - i);
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, k).sort((a, b) => a - b);
}
