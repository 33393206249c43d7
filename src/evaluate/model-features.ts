import type { FactContext, ModelFacts } from '../features/fact.js';
import type { Outcome } from './baselines.js';

/** A model feature and how much it moves scores: mean |contribution| in risk points. */
export interface FeatureWeight {
  feature: string;
  meanAbsPoints: number;
}

/** Declarations explained: TreeSHAP costs milliseconds each, and the ranking of features settles well before. */
const SAMPLE = 500;
const TOP = 12;

/**
 * The model's top features on test, by mean absolute contribution (TreeSHAP,
 * in risk points) over an evenly strided sample of the test declarations;
 * each declaration counts its top drivers, the rest as 0.
 */
export function modelTopFeatures(
  model: ModelFacts,
  test: readonly Outcome[],
  context: Omit<FactContext, 'consignment'>,
): FeatureWeight[] {
  const stride = Math.max(1, Math.floor(test.length / SAMPLE));
  const sums = new Map<string, number>();
  let n = 0;
  for (let i = 0; i < test.length; i += stride) {
    for (const c of model.contributions({ ...context, consignment: test[i].consignment }))
      sums.set(c.fact, (sums.get(c.fact) ?? 0) + Math.abs(c.points));
    n++;
  }
  return [...sums]
    .map(([feature, sum]) => ({ feature, meanAbsPoints: sum / n }))
    .sort((a, b) => b.meanAbsPoints - a.meanAbsPoints || a.feature.localeCompare(b.feature))
    .slice(0, TOP);
}
