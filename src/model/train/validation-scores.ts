import { measureRanking } from '../../evaluate/metrics.js';
import type { ValidationScores } from './write-model.js';

/** Precision at 1, 2, 5 and 10 % inspected and AUC of scores on the validation rows (evaluate's measures). */
export function validationScores(
  ids: readonly string[],
  illicit: readonly boolean[],
  scores: Float64Array,
): ValidationScores {
  const m = measureRanking(
    ids.map((id, i) => ({ id, score: scores[i], illicit: illicit[i] })),
    false,
  );
  return {
    auc: m.auc,
    precisionAt: {
      '1': m.at['1'].precision,
      '2': m.at['2'].precision,
      '5': m.at['5'].precision,
      '10': m.at['10'].precision,
    },
  };
}
