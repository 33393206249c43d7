import type { Consignment } from '../declaration/record.js';
import type { ProfileFacts } from './fact.js';
import { ProfileLookup, type CountsOverride } from './lookup.js';
import type { GroupTable, Profile } from './profile.js';
import type { Overall } from './risk-table.js';

/** Inspection results received since the profile was built: counts per key of each dimension. */
export interface FeedbackCounts {
  overall: Overall;
  groups: Record<string, Map<string, Overall>>;
}

export function emptyFeedback(): FeedbackCounts {
  return { overall: { count: 0, illicit: 0, revenue: 0 }, groups: {} };
}

/**
 * Profile counts plus feedback counts. Keys first seen in feedback are added.
 * Shrinkage strengths stay those of the build: a trickle of new results moves
 * rates, not the estimate of how much groups differ.
 */
export function overlayCounts(profile: Profile, feedback: FeedbackCounts): CountsOverride {
  const groups: Record<string, GroupTable> = {};
  for (const [name, table] of Object.entries(profile.groups)) {
    const extra = feedback.groups[name];
    if (!extra || extra.size === 0) {
      groups[name] = table;
      continue;
    }
    const merged: GroupTable = {
      keys: [...table.keys],
      count: [...table.count],
      illicit: [...table.illicit],
      revenue: [...table.revenue],
    };
    const at = new Map(table.keys.map((k, i) => [k, i]));
    for (const [key, c] of extra) {
      let i = at.get(key);
      if (i === undefined) {
        i = merged.keys.push(key) - 1;
        merged.count.push(0);
        merged.illicit.push(0);
        merged.revenue.push(0);
      }
      merged.count[i] += c.count;
      merged.illicit[i] += c.illicit;
      merged.revenue[i] += c.revenue;
    }
    groups[name] = merged;
  }
  const o = profile.overall;
  const f = feedback.overall;
  return {
    groups,
    overall: { count: o.count + f.count, illicit: o.illicit + f.illicit, revenue: o.revenue + f.revenue },
    strength: profile.strength,
  };
}

/**
 * The profile a worker scores with: swapped whole when feedback is refreshed
 * (periodically, never per consignment), so each decision sees one
 * consistent state. Its id stays the profile's: feedback adjusts counts of the
 * same profile, and `feedbackApplied` says by how many results.
 */
export class LiveProfile implements ProfileFacts {
  private current: ProfileLookup;
  feedbackApplied = 0;
  version = 0;

  constructor(readonly profile: Profile) {
    this.current = new ProfileLookup(profile);
  }

  get id(): string {
    return this.profile.id;
  }

  fact(name: string, consignment: Consignment): unknown {
    return this.current.fact(name, consignment);
  }

  /** Recomputes every shrunk rate and risk point with the feedback received so far. */
  apply(feedback: FeedbackCounts): void {
    this.current = new ProfileLookup(this.profile, overlayCounts(this.profile, feedback));
    this.feedbackApplied = feedback.overall.count;
    this.version++;
  }
}
