import { createDecider } from '../decision/decide.js';
import type { ModelFacts, ProfileFacts, WatchlistFacts } from '../features/fact.js';
import type { LoadedRuleSet } from '../ruleset/types.js';
import type { TrainingRow } from './fact-table.js';

/**
 * A rule set's points (the sum of its hits, before the 0–100 clamp) on
 * training rows, each through its own leakage-free profile: one compiled
 * decider for all rows, the profile it reads switched per row.
 */
export function pointsOnRows(
  rules: LoadedRuleSet,
  rows: readonly TrainingRow[],
  facts: { watchlists?: WatchlistFacts; model?: ModelFacts } = {},
): Float64Array {
  let current: ProfileFacts | undefined;
  const profile: ProfileFacts = { id: 'training', fact: (name, c) => current?.fact(name, c) };
  const decider = createDecider({ ruleset: rules, profile, ...facts });
  return Float64Array.from(rows, (r) => {
    current = r.context.profile;
    return decider.decide(r.context.consignment).hits.reduce((s, h) => s + h.points, 0);
  });
}
