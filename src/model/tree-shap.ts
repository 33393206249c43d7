import type { CompiledEnsemble } from './predict.js';

/**
 * Each feature's contribution to one row's raw score, by exact TreeSHAP
 * (Lundberg, Erion & Lee 2018, algorithm 2: path-dependent, the training
 * rows through each node as cover). Contributions add up to the raw score
 * minus the expected value: gbdt in log-odds, rf in probability.
 */
export interface Explanation {
  /** The mean raw score over the training rows (as the covers weigh them). */
  expected: number;
  /** One per feature of the ensemble. */
  contributions: Float64Array;
}

/** The path buffers of one explanation: parallel arrays, reused across trees. */
class Path {
  feature: Int32Array;
  zero: Float64Array;
  one: Float64Array;
  weight: Float64Array;

  constructor(size: number) {
    this.feature = new Int32Array(size);
    this.zero = new Float64Array(size);
    this.one = new Float64Array(size);
    this.weight = new Float64Array(size);
  }
}

export class TreeShap {
  private readonly path: Path;
  private readonly expectedValue: number;

  constructor(private readonly e: CompiledEnsemble) {
    let deepest = 0;
    for (let k = 0; k < e.treeCount; k++) deepest = Math.max(deepest, e.depth[k]);
    // Each level of the recursion copies its parent's path (at most depth + 1 elements) after it.
    const len = deepest + 2;
    this.path = new Path((len * (len + 1)) / 2);
    let expected = 0;
    for (let k = 0; k < e.treeCount; k++) expected += treeExpected(e, e.roots[k]);
    this.expectedValue = e.kind === 'rf' ? expected / e.treeCount : e.initScore + expected;
  }

  get expected(): number {
    return this.expectedValue;
  }

  explain(x: Float64Array): Explanation {
    const phi = new Float64Array(this.e.featureCount);
    for (let k = 0; k < this.e.treeCount; k++) {
      const root = this.e.roots[k];
      if (root >= 0) this.recurse(x, phi, root, 0, 0, 1, 1, -1);
    }
    if (this.e.kind === 'rf') for (let i = 0; i < phi.length; i++) phi[i] /= this.e.treeCount;
    return { expected: this.expectedValue, contributions: phi };
  }

  /** `node` is reached with the path at `parent` (length `depth`), extended by the split that led here. */
  private recurse(
    x: Float64Array,
    phi: Float64Array,
    node: number,
    depth: number,
    parent: number,
    zeroFraction: number,
    oneFraction: number,
    feature: number,
  ): void {
    const e = this.e;
    const p = this.path;
    const at = parent + depth;
    // Plain loops: paths are a few elements long, too short for copyWithin's call to pay.
    for (let i = 0; i < depth; i++) {
      p.feature[at + i] = p.feature[parent + i];
      p.zero[at + i] = p.zero[parent + i];
      p.one[at + i] = p.one[parent + i];
      p.weight[at + i] = p.weight[parent + i];
    }
    extend(p, at, depth, zeroFraction, oneFraction, feature);
    if (node < 0) {
      const value = e.leafValue[~node];
      for (let i = 1; i <= depth; i++) {
        const w = unwoundSum(p, at, depth, i);
        phi[p.feature[at + i]] += w * (p.one[at + i] - p.zero[at + i]) * value;
      }
      return;
    }
    const split = e.feature[node];
    const hot = e.next(node, x[split]);
    const cold = hot === e.left[node] ? e.right[node] : e.left[node];
    const cover = e.nodeCount[node];
    const hotZero = countOf(e, hot) / cover;
    const coldZero = countOf(e, cold) / cover;
    let incomingZero = 1;
    let incomingOne = 1;
    let d = depth;
    // A feature split on again higher up: undo its earlier extension, carrying its fractions down.
    let k = 0;
    while (k <= d && p.feature[at + k] !== split) k++;
    if (k <= d) {
      incomingZero = p.zero[at + k];
      incomingOne = p.one[at + k];
      unwind(p, at, d, k);
      d--;
    }
    this.recurse(x, phi, hot, d + 1, at, hotZero * incomingZero, incomingOne, split);
    this.recurse(x, phi, cold, d + 1, at, coldZero * incomingZero, 0, split);
  }
}

function countOf(e: CompiledEnsemble, node: number): number {
  return node >= 0 ? e.nodeCount[node] : e.leafCount[~node];
}

/** Cover-weighted mean of a tree's leaves. */
function treeExpected(e: CompiledEnsemble, root: number): number {
  if (root < 0) return e.leafValue[~root];
  const total = e.nodeCount[root];
  let sum = 0;
  const stack = [root];
  while (stack.length > 0) {
    const g = stack.pop()!;
    for (const c of [e.left[g], e.right[g]]) {
      if (c >= 0) stack.push(c);
      else sum += (e.leafCount[~c] / total) * e.leafValue[~c];
    }
  }
  return sum;
}

function extend(p: Path, at: number, depth: number, zero: number, one: number, feature: number): void {
  p.feature[at + depth] = feature;
  p.zero[at + depth] = zero;
  p.one[at + depth] = one;
  p.weight[at + depth] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i--) {
    p.weight[at + i + 1] += (one * p.weight[at + i] * (i + 1)) / (depth + 1);
    p.weight[at + i] = (zero * p.weight[at + i] * (depth - i)) / (depth + 1);
  }
}

function unwind(p: Path, at: number, depth: number, index: number): void {
  const one = p.one[at + index];
  const zero = p.zero[at + index];
  let next = p.weight[at + depth];
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = p.weight[at + i];
      p.weight[at + i] = (next * (depth + 1)) / ((i + 1) * one);
      next = tmp - (p.weight[at + i] * zero * (depth - i)) / (depth + 1);
    } else {
      p.weight[at + i] = (p.weight[at + i] * (depth + 1)) / (zero * (depth - i));
    }
  }
  for (let i = index; i < depth; i++) {
    p.feature[at + i] = p.feature[at + i + 1];
    p.zero[at + i] = p.zero[at + i + 1];
    p.one[at + i] = p.one[at + i + 1];
  }
}

/** Σ of the weights the path would have with element `index` unwound, without changing it. */
function unwoundSum(p: Path, at: number, depth: number, index: number): number {
  const one = p.one[at + index];
  const zero = p.zero[at + index];
  let next = p.weight[at + depth];
  let total = 0;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = (next * (depth + 1)) / ((i + 1) * one);
      total += tmp;
      next = p.weight[at + i] - (tmp * zero * (depth - i)) / (depth + 1);
    } else {
      total += (p.weight[at + i] * (depth + 1)) / (zero * (depth - i));
    }
  }
  return total;
}
