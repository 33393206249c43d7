import type { Consignment } from '../declaration/record.js';

/**
 * Everything a fact may read while one consignment is scored. Profile and
 * watchlists are optional so that rule sets run before any history exists:
 * their facts are then `undefined` (json-rules-engine's "missing fact").
 */
export interface FactContext {
  consignment: Consignment;
  profile?: ProfileFacts;
  watchlists?: WatchlistFacts;
  /** A loaded risk model (model/facts.ts): its facts are missing without one. */
  model?: ModelFacts;
}

/** A fact's share of a fitted statistic's verdict on one consignment, in risk points. */
export interface Contribution {
  fact: string;
  value: unknown;
  points: number;
}

/**
 * A loaded model's facts (`model.score`, `model.riskPoints`, `model.drivers`)
 * for the consignment of `ctx`. The model reads its features through the fact
 * catalog with the same context, so it sees what the rules see.
 */
export interface ModelFacts {
  readonly id: string;
  fact(name: string, ctx: FactContext): unknown;
  /** The features that moved this consignment's score most (at most 5, highest |points| first), for a model rule's hit. */
  contributions(ctx: FactContext): Contribution[];
}

/** Per-consignment look-ups in a loaded profile (features/lookup.ts). */
export interface ProfileFacts {
  readonly id: string;
  /**
   * Changes when the same object starts answering differently (a live profile
   * swapped for new feedback): header facts kept across a declaration's items
   * (ruleset/compile.ts) are then computed again.
   */
  readonly version?: number;
  /** Value of one profile fact (`importer.riskPoints`…) for this consignment, O(1). */
  fact(name: string, consignment: Consignment): unknown;
  /** The same look-up bound to one fact, fetched once when a rule set is compiled (saves finding it by name per call). */
  getter?(name: string): ((consignment: Consignment) => unknown) | undefined;
}

/** Per-consignment look-ups in the loaded watchlists (ruleset/watchlist.ts). */
export interface WatchlistFacts {
  readonly id: string;
  fact(name: string, consignment: Consignment): unknown;
}

export type FactType = 'string' | 'number' | 'boolean' | 'object';

/**
 * A named fact rules can use. `compute` must be pure: the compiled and the
 * reference engines both call it, and their identity rests on it.
 */
export interface FactDefinition {
  name: string;
  type: FactType;
  description: string;
  /** Where the fact comes from, for `targeting features`. */
  source: 'consignment' | 'declaration' | 'derived' | 'profile' | 'watchlist' | 'model' | 'declared';
  /**
   * Reads only the declaration's header (HEADER_FIELDS, its declaration-level
   * facts): the same for every goods item, so the compiled engine computes it
   * once per declaration. Items cannot override a header field, which makes this hold.
   */
  header?: boolean;
  compute(ctx: FactContext): unknown;
  /**
   * Optional fast path for the compiled engine: `compute` with the profile and
   * watchlists fixed, resolved once per rule set. Must give what `compute` gives.
   */
  bind?(env: Omit<FactContext, 'consignment'>): (consignment: Consignment) => unknown;
}
