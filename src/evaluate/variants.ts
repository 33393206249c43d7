import type { FactContext } from '../features/fact.js';
import type { LabelledRow } from '../features/history.js';
import type { TrainingFeatures } from '../features/training.js';
import type { Outcome } from './baselines.js';
import { rankedRows } from './score-test.js';
import { methodResult } from './result.js';

/**
 * The rankings measured beside the combined rule set: the hand-written rules
 * alone, the scorecard alone, a trained model. Each is one scoring of the test
 * declarations; a model is one more entry, from its scoring function.
 */
import type { Variant, VariantKey } from './result.js';

export type { Variant, VariantKey };

/** A test declaration's score under a trained model: higher is riskier. */
export type Scorer = (ctx: FactContext) => number;

/**
 * The seam for the model variant (`model train`'s trainer plugs in here):
 * given the labelled train rows, each to be seen through its leakage-free
 * profile `profiles.factsFor(i)`, return the scorer for test declarations,
 * which `evaluate` calls with the profile of all of train.
 */
export interface ModelTrainer {
  /** How the variant is labelled in reports, e.g. "model (gbdt, 300 trees)". */
  label: string;
  train(rows: readonly LabelledRow[], profiles: TrainingFeatures): Scorer;
}

export function variant(
  key: VariantKey,
  label: string,
  test: readonly Outcome[],
  points: Float64Array,
  hasRevenue: boolean,
): Variant {
  return { key, ...methodResult(label, rankedRows(test, points), hasRevenue) };
}

/** The model's scores on test: the scorer applied to each declaration with the test-time profile. */
export function modelPoints(
  scorer: Scorer,
  test: readonly Outcome[],
  context: Omit<FactContext, 'consignment'>,
): Float64Array {
  return Float64Array.from(test, (o) => scorer({ ...context, consignment: o.consignment }));
}
