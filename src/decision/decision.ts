import type { Declaration } from '../declaration/declaration.js';
import type { Consignment } from '../declaration/record.js';
import type { Contribution } from '../features/fact.js';
import type { Channel, Thresholds } from '../ruleset/types.js';

// Channels are defined beside the thresholds that pick them; re-exported where decisions are read.
export { CHANNELS, type Channel } from '../ruleset/types.js';

/** One fact's share of a fitted statistic's points: the value it had and the points it brought. */
export type { Contribution };

export interface Hit {
  rule: string;
  points: number;
  reason: string;
  /** For a fitted statistic (a scorecard, a model): its top contributors, at most 5, highest |points| first. */
  contributions?: Contribution[];
  /** The goods item it fired on (its item number), in a declaration with items; absent for header-level rules. */
  item?: number;
}

/** One goods item's own result within its declaration's decision. */
export interface ItemResult {
  item: number;
  score: number;
  channel: Channel;
  /** Facts the item could not have (e.g. `hsCode` of an item without a commodity code): rules on them did not fire. */
  missing?: string[];
}

/**
 * A targeting decision: what the officer sees and what the audit trail keeps.
 * `ruleset` is the rule set's identity (name@sha256-prefix); `profile` the
 * statistical profile's id when one was loaded.
 */
export interface Decision {
  id: string;
  score: number;
  channel: Channel;
  hits: Hit[];
  ruleset: string;
  profile?: string;
  /** Id of the watchlists in force, when any were loaded. */
  watchlists?: string;
  /** Id (sha256) of the risk model in force, when one was loaded. */
  model?: string;
  /** Set when the consignment was selected by policy rather than by its score alone. */
  selection?: 'random' | 'capacity';
  decidedAt: string;
  /** Each goods item's result, for a declaration with items (absent for a flat record). */
  items?: ItemResult[];
  /** Set for an amendment: the declaration it amends; `message` is the amending message's reference. */
  amends?: string;
  message?: string;
}

/** Scores consignments with one loaded rule set (and profile). Immutable once built. */
export interface Decider {
  readonly rulesetId: string;
  readonly profileId?: string;
  readonly watchlistsId?: string;
  readonly modelId?: string;
  /** The rule set's thresholds (capacity selection needs to know what red by score means). */
  readonly thresholds: Thresholds;
  decide(c: Consignment, decidedAt?: Date): Decision;
  /**
   * Whole declarations with the same parts, header-level rules included (the engine's); a decider that has none
   * (a purpose-limited one) decides a declaration item by item.
   */
  readonly declarations?: { decide(d: Declaration, decidedAt?: Date): Decision };
}
