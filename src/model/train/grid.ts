import type { BoostParams } from './boost.js';
import type { ForestParams } from './forest.js';
import { DEFAULT_TREE_PARAMS } from './tree-params.js';

/** One candidate of the search: a boosted ensemble or a forest, with its settings. */
export type Candidate = { kind: 'gbdt'; params: BoostParams } | { kind: 'rf'; params: ForestParams };

const BOOST_BASE: Omit<BoostParams, 'numLeaves' | 'learningRate' | 'minDataInLeaf' | 'seed'> = {
  ...DEFAULT_TREE_PARAMS,
  lambdaL2: 1,
  rounds: 1000,
  earlyStoppingRounds: 30,
  baggingFraction: 0.8,
  featureFraction: 0.8,
};

/**
 * The candidates tried on the validation months: boosting with small, middle
 * and large trees (num_leaves 15 / 63 / 255), each with min_data_in_leaf 20
 * and 100 (large leaves generalise over thin trader histories), at learning
 * rate 0.1; the best of those again at 0.05; and a random forest. Every
 * candidate sees the same rows and bins.
 */
export function firstStage(seed: number, featureCount: number): Candidate[] {
  const gbdt: Candidate[] = [];
  for (const numLeaves of [15, 63, 255])
    for (const minDataInLeaf of [20, 100])
      gbdt.push({ kind: 'gbdt', params: { ...BOOST_BASE, numLeaves, minDataInLeaf, learningRate: 0.1, seed } });
  return [...gbdt, randomForest(seed, featureCount)];
}

/** The best boosted candidate at half the learning rate: often a little better, for twice the trees. */
export function secondStage(best: BoostParams): Candidate {
  return { kind: 'gbdt', params: { ...best, learningRate: best.learningRate / 2 } };
}

export function randomForest(seed: number, featureCount: number): Candidate {
  return {
    kind: 'rf',
    params: {
      ...DEFAULT_TREE_PARAMS,
      numLeaves: 1024,
      minDataInLeaf: 5,
      minDataPerGroup: 20,
      featuresPerSplit: Math.max(1, Math.round(Math.sqrt(featureCount))),
      trees: 100,
      samplesPerTree: 100_000,
      seed,
    },
  };
}
