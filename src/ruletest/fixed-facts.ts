import type { Contribution, ModelFacts, ProfileFacts, WatchlistFacts } from '../features/fact.js';
import { describeDrivers, type Driver } from '../model/describe-drivers.js';
import { REASON_TEXT } from '../ruleset/reason-template.js';

/**
 * A test case's feature values in place of a profile: the values given, and
 * nothing else (a profile fact the case does not give is missing, as for a
 * trader with no history).
 */
export function fixedProfile(values: Record<string, unknown>): ProfileFacts {
  return { id: 'test-features', fact: (name) => values[name] };
}

/** Watchlist facts the case gives replace the loaded ones; the others are looked up as usual. */
export function fixedWatchlists(values: Record<string, unknown>, base?: WatchlistFacts): WatchlistFacts {
  return {
    id: base?.id ?? 'test-features',
    fact: (name, c) =>
      Object.prototype.hasOwnProperty.call(values, name) ? values[name] : (base?.fact(name, c) ?? null),
  };
}

/**
 * Model facts a case gives (`model.riskPoints`, `model.drivers`…) in place of
 * a loaded model; undefined when the case gives none, so its decision is made
 * without a model. Drivers read in words in reasons, as a model's would.
 */
export function fixedModel(values: Record<string, unknown>): ModelFacts | undefined {
  if (!Object.keys(values).some((k) => k.startsWith('model.'))) return undefined;
  const drivers = (Array.isArray(values['model.drivers']) ? values['model.drivers'] : []) as Driver[];
  return {
    id: 'test-features',
    fact: (name, ctx) => {
      if (name !== 'model.drivers' || !Array.isArray(values[name])) return values[name];
      return Object.defineProperty([...drivers], REASON_TEXT, { value: describeDrivers(drivers, ctx) });
    },
    contributions: (): Contribution[] =>
      drivers.slice(0, 5).map((d) => ({ fact: d.fact, value: d.value, points: d.points })),
  };
}
