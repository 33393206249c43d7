import type { ProfileFacts } from '../features/fact.js';
import type { LabelledRow } from '../features/history.js';

/** The statistical profile as the evaluation needs it, built from train only. */
export interface HistoryProfiles {
  /** From all of train: what test declarations are scored against. */
  profile?: ProfileFacts;
  /** For train row `i`: the same facts without that row's own outcome (no leakage into the fit). */
  forTrainingRow(i: number): ProfileFacts | undefined;
}

export function historyProfiles(_train: readonly LabelledRow[]): HistoryProfiles {
  // Placeholder until the profile builder lands (branch profiles): rules then see consignment and derived facts only.
  return { forTrainingRow: () => undefined };
}
