import type { TreeEnsemble } from './ensemble.js';

const CATEGORICAL = 1;
const DEFAULT_LEFT = 2;
const MISSING_ZERO = 1;
const MISSING_NAN = 2;
/** LightGBM's kZeroThreshold (1e-35f): what counts as zero for a "zero is missing" split. */
const ZERO = Math.fround(1e-35);

/**
 * An ensemble compiled for prediction: every tree's nodes in one set of typed
 * arrays (no object per node), child links global across trees. A leaf is
 * `~index` into `leafValue`, as in the file layout.
 */
export class CompiledEnsemble {
  readonly kind: TreeEnsemble['kind'];
  readonly featureCount: number;
  readonly treeCount: number;
  readonly initScore: number;
  /** Root of each tree: a node index, or `~leaf` for a tree with a single leaf. */
  readonly roots: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly decisionType: Uint8Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Categorical split: first word of its bitset in `catWords`, and how many words. */
  readonly catStart: Int32Array;
  readonly catLength: Int32Array;
  readonly catWords: Uint32Array;
  readonly leafValue: Float64Array;
  /** Rows through each node / leaf (TreeSHAP's cover). */
  readonly nodeCount: Float64Array;
  readonly leafCount: Float64Array;
  /** Deepest leaf of each tree (TreeSHAP sizes its path buffer by it). */
  readonly depth: Int32Array;

  constructor(e: TreeEnsemble) {
    this.kind = e.kind;
    this.featureCount = e.features.length;
    this.treeCount = e.trees.length;
    this.initScore = e.initScore;
    let nodes = 0;
    let leaves = 0;
    let words = 0;
    for (const t of e.trees) {
      nodes += t.splitFeature.length;
      leaves += t.leafValue.length;
      words += t.catThreshold?.length ?? 0;
    }
    this.roots = new Int32Array(this.treeCount);
    this.feature = new Int32Array(nodes);
    this.threshold = new Float64Array(nodes);
    this.decisionType = new Uint8Array(nodes);
    this.left = new Int32Array(nodes);
    this.right = new Int32Array(nodes);
    this.catStart = new Int32Array(nodes);
    this.catLength = new Int32Array(nodes);
    this.catWords = new Uint32Array(words);
    this.leafValue = new Float64Array(leaves);
    this.nodeCount = new Float64Array(nodes);
    this.leafCount = new Float64Array(leaves);
    this.depth = new Int32Array(this.treeCount);
    let node0 = 0;
    let leaf0 = 0;
    let word0 = 0;
    e.trees.forEach((t, k) => {
      const n = t.splitFeature.length;
      const link = (c: number) => (c >= 0 ? node0 + c : ~(leaf0 + ~c));
      this.roots[k] = n === 0 ? ~leaf0 : node0;
      for (let i = 0; i < n; i++) {
        const g = node0 + i;
        this.feature[g] = t.splitFeature[i];
        this.decisionType[g] = t.decisionType[i];
        this.left[g] = link(t.left[i]);
        this.right[g] = link(t.right[i]);
        this.nodeCount[g] = t.internalCount[i];
        if (t.decisionType[i] & CATEGORICAL) {
          const b = t.catBoundaries!;
          const c = t.threshold[i];
          this.catStart[g] = word0 + b[c];
          this.catLength[g] = b[c + 1] - b[c];
        } else {
          this.threshold[g] = t.threshold[i];
        }
      }
      for (let j = 0; j < t.leafValue.length; j++) {
        this.leafValue[leaf0 + j] = t.leafValue[j];
        this.leafCount[leaf0 + j] = t.leafCount[j];
      }
      t.catThreshold?.forEach((w, j) => (this.catWords[word0 + j] = w));
      this.depth[k] = treeDepth(this.left, this.right, this.roots[k]);
      node0 += n;
      leaf0 += t.leafValue.length;
      word0 += t.catThreshold?.length ?? 0;
    });
  }

  /**
   * Which child a row goes to at node `g`: LightGBM's Tree::Decision, exactly.
   * Numeric: NaN is read as 0 unless missing values are NaN; the missing value
   * (NaN, or zero) takes the default side; else `value <= threshold` goes left.
   * Categorical: a negative or NaN code goes right; else left when the code's
   * bit is set.
   */
  next(g: number, v: number): number {
    const type = this.decisionType[g];
    if ((type & CATEGORICAL) === 0) {
      const missing = (type >> 2) & 3;
      if (v !== v && missing !== MISSING_NAN) v = 0;
      if ((missing === MISSING_ZERO && v >= -ZERO && v <= ZERO) || (missing === MISSING_NAN && v !== v))
        return type & DEFAULT_LEFT ? this.left[g] : this.right[g];
      return v <= this.threshold[g] ? this.left[g] : this.right[g];
    }
    const code = Math.trunc(v);
    if (!(code >= 0)) return this.right[g];
    const word = code >>> 5;
    if (code > 0x7fffffff || word >= this.catLength[g]) return this.right[g];
    return (this.catWords[this.catStart[g] + word] >>> (code & 31)) & 1 ? this.left[g] : this.right[g];
  }

  /** Index into leafValue of the leaf tree `k` sends row `x` to. */
  leafOf(k: number, x: Float64Array): number {
    let g = this.roots[k];
    while (g >= 0) g = this.next(g, x[this.feature[g]]);
    return ~g;
  }

  /**
   * gbdt: the log-odds (initScore + Σ leaves); rf: the mean of the trees'
   * leaves (a probability). The hot path: `next` inlined over local arrays
   * (the same decisions, checked against it by the tests).
   */
  raw(x: Float64Array): number {
    const { roots, feature, decisionType, threshold, left, right, catStart, catLength, catWords, leafValue } = this;
    let sum = 0;
    for (let k = 0; k < roots.length; k++) {
      let g = roots[k];
      while (g >= 0) {
        let v = x[feature[g]];
        const type = decisionType[g];
        if (type === 0 || type === DEFAULT_LEFT) {
          // Missing type none, the common case: NaN is read as 0.
          g = (v !== v ? 0 : v) <= threshold[g] ? left[g] : right[g];
        } else if ((type & CATEGORICAL) === 0) {
          const missing = (type >> 2) & 3;
          if (v !== v && missing !== MISSING_NAN) v = 0;
          if ((missing === MISSING_ZERO && v >= -ZERO && v <= ZERO) || (missing === MISSING_NAN && v !== v))
            g = type & DEFAULT_LEFT ? left[g] : right[g];
          else g = v <= threshold[g] ? left[g] : right[g];
        } else {
          const code = Math.trunc(v);
          const word = code >>> 5;
          g =
            code >= 0 && code <= 0x7fffffff && word < catLength[g] && (catWords[catStart[g] + word] >>> (code & 31)) & 1
              ? left[g]
              : right[g];
        }
      }
      sum += leafValue[~g];
    }
    return this.kind === 'rf' ? sum / roots.length : this.initScore + sum;
  }

  /** Probability of illicit, 0–1. */
  probability(x: Float64Array): number {
    return this.toProbability(this.raw(x));
  }

  toProbability(raw: number): number {
    return this.kind === 'rf' ? raw : 1 / (1 + Math.exp(-raw));
  }
}

function treeDepth(left: Int32Array, right: Int32Array, root: number): number {
  if (root < 0) return 0;
  let max = 0;
  const stack: number[] = [root, 0];
  while (stack.length > 0) {
    const d = stack.pop()!;
    const g = stack.pop()!;
    for (const c of [left[g], right[g]]) {
      if (c >= 0) stack.push(c, d + 1);
      else max = Math.max(max, d + 1);
    }
  }
  return max;
}
