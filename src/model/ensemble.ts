/**
 * The tree ensemble every model file carries, whether trained here
 * (model/train) or imported from LightGBM (model/lightgbm-import.ts). The
 * layout is LightGBM's own, so an imported model predicts exactly as LightGBM
 * does and one predictor (model/predict.ts) and one TreeSHAP serve both.
 */

/** One input of the model: a fact of the catalog, by the name rules use. */
export interface ModelFeature {
  /** `weight`, `valuePerKg`, `hs6`, `origin`, `importer.riskPoints`, `hs6.valuePerKgZ`, a mapping column… */
  name: string;
  kind: 'numeric' | 'categorical';
  /**
   * Categorical: the code of a value is its index here. A value not listed
   * (unseen in training) or absent is missing: code -1, which no categorical
   * split sends left (LightGBM's rule for negative codes).
   */
  categories?: string[];
}

/**
 * A binary tree in flat arrays (LightGBM's text-format layout). Internal nodes
 * are 0..n-1; a child index < 0 is the leaf `~child`. A tree with one leaf has
 * no internal nodes and `leafValue.length === 1`.
 */
export interface FlatTree {
  /** Per internal node: index into the ensemble's `features`. */
  splitFeature: number[];
  /** Numeric split: value <= threshold goes left. Categorical split: index into `catBoundaries`. */
  threshold: number[];
  /**
   * LightGBM's decision_type bits per internal node: bit 0 categorical, bit 1
   * default left, bits 2–3 missing type (0 none: NaN is read as 0, 1 zero, 2 NaN).
   */
  decisionType: number[];
  left: number[];
  right: number[];
  leafValue: number[];
  /** Training rows reaching each leaf / internal node: the cover TreeSHAP weighs paths by. */
  leafCount: number[];
  internalCount: number[];
  /** Categorical bitsets: node i's words are catThreshold[catBoundaries[t] .. catBoundaries[t+1]), t = threshold[i]. */
  catBoundaries?: number[];
  catThreshold?: number[];
}

export interface TreeEnsemble {
  /**
   * gbdt: probability = sigmoid(initScore + Σ leaf values) (LightGBM binary);
   * rf: probability = mean of the trees' leaf values, each a leaf's share of illicit rows.
   */
  kind: 'gbdt' | 'rf';
  initScore: number;
  features: ModelFeature[];
  trees: FlatTree[];
}
