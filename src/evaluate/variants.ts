import type { FactContext, ModelFacts } from '../features/fact.js';
import type { TrainedModelFile } from '../model/train/write-model.js';
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

/** A model trained on train, as `evaluate` serves and stacks it. */
export interface TrainedModel {
  /** Trained on all of train: scores the test declarations (with the profile of all of train). */
  model: ModelFacts;
  /** The same model computing drivers (TreeSHAP), for the report's top features. */
  explained: ModelFacts;
  /** The chosen candidate as fitted before the validation months, which begin on `validationFrom`. */
  holdout: ModelFacts;
  validationFrom: string;
  /** The model file, for `--calibrate` to write beside the scorecard. */
  file: TrainedModelFile;
}

/**
 * The seam for the model variant (`model train`'s trainer plugs in here):
 * given the labelled train rows, each to be seen through its leakage-free
 * profile `profiles.factsFor(i)`, return the trained model.
 */
export interface ModelTrainer {
  /** How the variant is labelled in reports, e.g. "model (gbdt, 300 trees)". */
  label: string;
  train(rows: readonly LabelledRow[], profiles: TrainingFeatures): TrainedModel;
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

/** The model's scores on test: `model.score` of each declaration with the test-time profile. */
export function modelPoints(
  model: ModelFacts,
  test: readonly Outcome[],
  context: Omit<FactContext, 'consignment'>,
): Float64Array {
  return Float64Array.from(test, (o) =>
    Number(model.fact('model.score', { ...context, consignment: o.consignment }) ?? 0),
  );
}
