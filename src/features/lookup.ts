import type { Consignment } from '../declaration/record.js';
import type { ProfileFacts } from './fact.js';
import { dayNumber } from './days.js';
import { dimensionsFor, type Dimension } from './dimensions.js';
import { profileFactSpecs, type PriceComparison, type ProfileReadings } from './fact-specs.js';
import {
  PRICE_LEVELS,
  loadProfile,
  type GroupTable,
  type PriceMeasure,
  type Profile,
  type TraderRole,
} from './profile.js';
import { robustZ, type RobustSummary } from './robust.js';
import { RiskTables, type Overall } from './risk-table.js';

/** Counts to use instead of the profile's own: a feedback overlay, or a training fold left out. */
export interface CountsOverride {
  groups: Record<string, GroupTable>;
  overall: Overall;
  /** Shrinkage strengths; re-estimated from the counts when absent. */
  strength?: Record<string, number>;
}

/** Floors on the MAD: log prices (5 %) and tax ratio (half a point), so identical prices give a finite z. */
const MAD_FLOOR: Record<PriceMeasure, number> = { valuePerKg: 0.05, valuePerUnit: 0.05, taxRatio: 0.005 };

/**
 * A loaded profile as O(1) look-ups for one consignment at a time: Maps
 * built once at load, no danfojs, no I/O on the scoring path.
 */
export class ProfileLookup implements ProfileFacts, ProfileReadings {
  readonly id: string;
  readonly risk: RiskTables;
  readonly dimensions: ReadonlyMap<string, Dimension>;
  private readonly prices = new Map<string, Map<string, RobustSummary>>();
  /** First-seen day per trader, indexed on first use. */
  private readonly firstSeenDay = new Map<TraderRole, Map<string, number> | undefined>();
  private readonly getters: Map<string, (c: Consignment) => unknown>;
  private readonly comparisons: Record<PriceMeasure, Map<string, PriceComparison | undefined>> = {
    valuePerKg: new Map(),
    valuePerUnit: new Map(),
    taxRatio: new Map(),
  };
  private lastDate = '';
  private lastDay = 0;

  constructor(
    readonly profile: Profile,
    counts?: CountsOverride,
    id = profile.id,
  ) {
    this.id = id;
    const dims = dimensionsFor(profile.source.mapping.categorical);
    this.dimensions = new Map(dims.map((d) => [d.name, d]));
    this.risk = counts
      ? new RiskTables(dims, counts.groups, counts.overall, counts.strength)
      : new RiskTables(dims, profile.groups, profile.overall, profile.strength);
    for (const [measure, levels] of Object.entries(profile.prices)) {
      for (const [level, t] of Object.entries(levels)) {
        const map = new Map<string, RobustSummary>();
        t!.keys.forEach((k, i) => map.set(k, { n: t!.n[i], median: t!.median[i], mad: t!.mad[i] }));
        this.prices.set(`${measure}/${level}`, map);
      }
    }
    this.getters = new Map(profileFactSpecs(profile.source.mapping.categorical).map((s) => [s.name, s.bind(this)]));
  }

  fact(name: string, consignment: Consignment): unknown {
    return this.getters.get(name)?.(consignment);
  }

  getter(name: string): ((c: Consignment) => unknown) | undefined {
    return this.getters.get(name);
  }

  /** Names of every fact this profile answers. */
  factNames(): string[] {
    return [...this.getters.keys()];
  }

  /**
   * The finest HS level with enough declarations to say what this
   * consignment's goods usually cost. The answer depends only on the HS6 code,
   * so it is resolved once per code and cached (a few thousand codes at most).
   */
  priceComparison(measure: PriceMeasure, c: Consignment): PriceComparison | undefined {
    const hs6 = c.hsCode === undefined ? '' : c.hsCode.slice(0, 6);
    const cache = this.comparisons[measure];
    let cmp = cache.get(hs6);
    if (cmp === undefined && !cache.has(hs6)) {
      cmp = this.resolveComparison(measure, hs6);
      cache.set(hs6, cmp);
    }
    return cmp;
  }

  private resolveComparison(measure: PriceMeasure, hs6: string): PriceComparison | undefined {
    const min = this.profile.settings.minPriceRows;
    for (const level of PRICE_LEVELS) {
      const table = this.prices.get(`${measure}/${level}`);
      if (!table) continue;
      if (level !== 'all' && hs6 === '') continue;
      const summary = table.get(level === 'all' ? 'all' : hs6.slice(0, Number(level.slice(2))));
      if (summary && (summary.n >= min || level === 'all')) return { level, summary };
    }
    return undefined;
  }

  /** Robust z-score of a measure already on the profile's scale (log price, or tax ratio). */
  priceZ(measure: PriceMeasure, scaled: number, comparison: PriceComparison): number {
    return robustZ(scaled, comparison.summary, MAD_FLOOR[measure]);
  }

  /** Days between a trader's first declaration in the history and this one (0 if never seen). */
  daysKnown(role: TraderRole, c: Consignment): number | undefined {
    const table = this.firstSeen(role);
    const key = c[role];
    if (!table || key === undefined) return undefined;
    const first = table.get(key);
    if (first === undefined) return 0;
    return c.date ? Math.max(0, this.dayOf(c.date) - first) : undefined;
  }

  /** Never seen in the history, or first seen less than `newTraderDays` before this declaration. */
  isNew(role: TraderRole, c: Consignment): boolean | undefined {
    const table = this.firstSeen(role);
    const key = c[role];
    if (!table || key === undefined) return undefined;
    const first = table.get(key);
    if (first === undefined) return true;
    return c.date ? this.dayOf(c.date) - first < this.profile.settings.newTraderDays : false;
  }

  private firstSeen(role: TraderRole): Map<string, number> | undefined {
    if (!this.firstSeenDay.has(role)) {
      const seen = this.profile.firstSeen[role];
      this.firstSeenDay.set(role, seen && new Map(seen.keys.map((k, i) => [k, seen.day[i]])));
    }
    return this.firstSeenDay.get(role);
  }

  /** Consecutive consignments mostly share a date: parse it once. */
  private dayOf(date: string): number {
    if (date !== this.lastDate) {
      this.lastDay = dayNumber(date);
      this.lastDate = date;
    }
    return this.lastDay;
  }
}

/** Reads, checks and indexes a profile file for scoring (`--profile FILE` / PROFILE). */
export function loadProfileLookup(file: string): ProfileLookup {
  return new ProfileLookup(loadProfile(file));
}
