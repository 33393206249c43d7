import type { ProfileFacts, WatchlistFacts } from '../features/fact.js';

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
