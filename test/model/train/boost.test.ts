import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FlatTree } from '../../../src/model/ensemble.js';
import { binMatrix } from '../../../src/model/train/binned-matrix.js';
import { boost } from '../../../src/model/train/boost.js';
import { DEFAULT_TREE_PARAMS } from '../../../src/model/train/tree-params.js';

/** LightGBM 4.7's first trees on a deterministic dataset (generated once with Python; see the note inside). */
interface RefNode {
  feature: number;
  threshold: number | string;
  decision: '<=' | '==';
  defaultLeft: boolean;
  count: number;
  left: number;
  right: number;
}
interface RefTree {
  nodes: RefNode[];
  leafValue: number[];
  leafCount: number[];
}
const ref = JSON.parse(readFileSync(new URL('./fixtures/lightgbm-first-trees.json', import.meta.url), 'utf8')) as {
  rows: { a: number[]; b: number[]; c: number[]; y: number[] };
  initScore: number;
  trees: RefTree[];
};

function train(rounds: number) {
  const { a, b, c, y } = ref.rows;
  const data = binMatrix({
    features: [
      { name: 'a', kind: 'numeric' },
      { name: 'b', kind: 'numeric' },
      { name: 'c', kind: 'categorical', categories: ['0', '1', '2', '3', '4', '5', '6', '7'] },
    ],
    columns: [Float64Array.from(a), Float64Array.from(b), Float64Array.from(c)],
    rows: a.length,
  });
  const labels = Uint8Array.from(y);
  return boost(
    data,
    labels,
    Uint32Array.from(y, (_, i) => i),
    {
      ...DEFAULT_TREE_PARAMS,
      numLeaves: 6,
      minDataInLeaf: 20,
      lambdaL2: 1,
      minDataPerGroup: 20,
      learningRate: 0.1,
      rounds,
      earlyStoppingRounds: 0,
      baggingFraction: 1,
      featureFraction: 1,
      seed: 1,
    },
  );
}

/** Our categorical bitset as the set of category codes sent left. */
function leftCategories(tree: FlatTree, node: number): number[] {
  const t = tree.threshold[node];
  const words = tree.catThreshold!.slice(tree.catBoundaries![t], tree.catBoundaries![t + 1]);
  return words
    .flatMap((w, k) => Array.from({ length: 32 }, (_, bit) => ((w >>> bit) & 1 ? 32 * k + bit : -1)))
    .filter((x) => x >= 0);
}

/** Walks both trees from the root: same splits, counts and leaf values. */
function expectSameTree(ours: FlatTree, theirs: RefTree, bias: number): void {
  const visit = (a: number, b: number): void => {
    if (b < 0) {
      expect(a).toBeLessThan(0);
      expect(ours.leafValue[~a]).toBeCloseTo(theirs.leafValue[~b] - bias, 6);
      expect(ours.leafCount[~a]).toBe(theirs.leafCount[~b]);
      return;
    }
    expect(a).toBeGreaterThanOrEqual(0);
    const n = theirs.nodes[b];
    expect(ours.splitFeature[a]).toBe(n.feature);
    expect(ours.internalCount[a]).toBe(n.count);
    if (n.decision === '==') {
      expect(ours.decisionType[a] & 1).toBe(1);
      expect(leftCategories(ours, a)).toEqual(
        String(n.threshold)
          .split('||')
          .map(Number)
          .sort((x, y) => x - y),
      );
    } else {
      expect(ours.decisionType[a] & 1).toBe(0);
      expect(ours.threshold[a]).toBeCloseTo(n.threshold as number, 9);
    }
    visit(ours.left[a], n.left);
    visit(ours.right[a], n.right);
  };
  visit(ours.splitFeature.length ? 0 : -1, theirs.nodes.length ? 0 : -1);
}

describe('boost against LightGBM', () => {
  it('starts from the log-odds of the training rate', () => {
    expect(train(1).initScore).toBeCloseTo(ref.initScore, 12);
  });

  it('grows the first trees LightGBM grows: split features, thresholds, category sets, counts, leaf values', () => {
    const boosted = train(ref.trees.length);
    expect(boosted.trees).toHaveLength(ref.trees.length);
    // LightGBM folds the initial score into the first tree's leaves.
    boosted.trees.forEach((t, k) => expectSameTree(t.flat, ref.trees[k], k === 0 ? ref.initScore : 0));
  });
});
