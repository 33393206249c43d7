import type { FlatTree, ModelFeature, TreeEnsemble } from '../../src/model/ensemble.js';

/** Small deterministic PRNG (mulberry32): random models reproducible from a seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomEnsembleOptions {
  features: number;
  trees: number;
  leaves: number;
  kind?: TreeEnsemble['kind'];
}

/**
 * A valid random ensemble: numeric and categorical features, every missing
 * type and default side, categorical bitsets of one or two words, counts
 * that add up. Features repeat along paths (TreeSHAP's unwinding).
 */
export function randomEnsemble(seed: number, o: RandomEnsembleOptions): TreeEnsemble {
  const r = prng(seed);
  const features: ModelFeature[] = Array.from({ length: o.features }, (_, i) =>
    i % 3 === 2
      ? { name: `c${i}`, kind: 'categorical', categories: Array.from({ length: 40 }, (_, k) => `v${k}`) }
      : { name: `n${i}`, kind: 'numeric' },
  );
  const kind = o.kind ?? 'gbdt';
  const trees = Array.from({ length: o.trees }, () => randomTree(r, features, 1 + Math.floor(r() * o.leaves), kind));
  return { kind, initScore: kind === 'gbdt' ? r() - 0.5 : 0, features, trees };
}

function randomTree(r: () => number, features: ModelFeature[], leaves: number, kind: TreeEnsemble['kind']): FlatTree {
  const t: FlatTree = {
    splitFeature: [],
    threshold: [],
    decisionType: [],
    left: [],
    right: [],
    leafValue: [kind === 'rf' ? r() : r() * 2 - 1],
    leafCount: [],
    internalCount: [],
    catBoundaries: [0],
    catThreshold: [],
  };
  // Grow like LightGBM: split a random leaf into itself (left) and a new leaf (right).
  const parentOf: { node: number; side: 'left' | 'right' }[] = [{ node: -1, side: 'left' }];
  for (let n = 0; n < leaves - 1; n++) {
    const leaf = Math.floor(r() * (n + 1));
    const f = Math.floor(r() * features.length);
    const p = parentOf[leaf];
    if (p.node >= 0) t[p.side][p.node] = n;
    t.splitFeature.push(f);
    t.left.push(~leaf);
    t.right.push(~(n + 1));
    parentOf[leaf] = { node: n, side: 'left' };
    parentOf[n + 1] = { node: n, side: 'right' };
    if (features[f].kind === 'categorical') {
      t.decisionType.push(1 | (Math.floor(r() * 3) << 2));
      const words = 1 + Math.floor(r() * 2);
      for (let w = 0; w < words; w++) t.catThreshold!.push(Math.floor(r() * 0xffffffff));
      t.threshold.push(t.catBoundaries!.length - 1);
      t.catBoundaries!.push(t.catThreshold!.length);
    } else {
      t.decisionType.push((r() < 0.5 ? 2 : 0) | (Math.floor(r() * 3) << 2));
      t.threshold.push(Math.round((r() * 4 - 2) * 4) / 4);
    }
    t.leafValue.push(kind === 'rf' ? r() : r() * 2 - 1);
  }
  t.leafCount = t.leafValue.map(() => 1 + Math.floor(r() * 50));
  t.internalCount = new Array(leaves - 1).fill(0);
  const count = (c: number): number =>
    c < 0 ? t.leafCount[~c] : (t.internalCount[c] = count(t.left[c]) + count(t.right[c]));
  if (leaves > 1) count(0);
  if (t.catThreshold!.length === 0) {
    delete t.catBoundaries;
    delete t.catThreshold;
  }
  return t;
}

/** A random input row: numbers on the thresholds' scale, zeros, NaN; category codes, unseen (-1) and NaN. */
export function randomRow(r: () => number, e: TreeEnsemble): Float64Array {
  return Float64Array.from(e.features, (f) => {
    const u = r();
    if (u < 0.1) return Number.NaN;
    if (f.kind === 'categorical') return u < 0.2 ? -1 : Math.floor(r() * 70);
    if (u < 0.2) return 0;
    return Math.round((r() * 5 - 2.5) * 8) / 8;
  });
}
