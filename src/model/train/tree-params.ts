/** What shapes one tree (LightGBM's names and defaults where they exist). */
export interface TreeParams {
  numLeaves: number;
  minDataInLeaf: number;
  minSumHessianInLeaf: number;
  lambdaL2: number;
  /** Most categories on the left of a categorical split. */
  maxCatThreshold: number;
  /** Added to a category's hessian when categories are ordered by gradient / hessian. */
  catSmooth: number;
  /** Extra L2 on the leaves of a many-category split. */
  catL2: number;
  /** Rows between two candidate cuts along the ordered categories. */
  minDataPerGroup: number;
  /** Up to this many bins, a categorical split is one category against the rest. */
  maxCatToOnehot: number;
  /** -1: no limit (leaf-wise growth is bounded by numLeaves). */
  maxDepth: number;
  /** Features drawn at each split (random forest); 0: every feature of the tree. */
  featuresPerSplit: number;
}

export const DEFAULT_TREE_PARAMS: TreeParams = {
  numLeaves: 31,
  minDataInLeaf: 20,
  minSumHessianInLeaf: 1e-3,
  lambdaL2: 0,
  maxCatThreshold: 32,
  catSmooth: 10,
  catL2: 10,
  minDataPerGroup: 100,
  maxCatToOnehot: 4,
  maxDepth: -1,
  featuresPerSplit: 0,
};
