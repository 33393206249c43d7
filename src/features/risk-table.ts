import { PAIR_SEPARATOR, type Dimension } from './dimensions.js';
import type { GroupTable } from './profile.js';
import { combineParts, priorStrength, riskPoints, shrink } from './shrinkage.js';

/** One key's record: raw counts and the shrunk rate and risk points derived from them. */
export interface RiskStat {
  count: number;
  illicit: number;
  revenue: number;
  rate: number;
  points: number;
}

export interface Overall {
  count: number;
  illicit: number;
  revenue: number;
}

/** Shrunk rates for every key of every dimension, ready for O(1) look-ups. */
export class RiskTables {
  readonly overallRate: number;
  readonly strength: Record<string, number> = {};
  private readonly stats = new Map<string, Map<string, RiskStat>>();
  private readonly dims: Map<string, Dimension>;

  /**
   * Parents are computed before children (dimensions come in that order), so
   * every shrinkage target is final when used. Strengths are estimated from
   * the counts unless given (a feedback overlay keeps the build's strengths).
   */
  constructor(dimensions: readonly Dimension[], groups: Record<string, GroupTable>, overall: Overall, strength?: Record<string, number>) {
    this.dims = new Map(dimensions.map((d) => [d.name, d]));
    this.overallRate = overall.count > 0 ? overall.illicit / overall.count : 0;
    for (const dim of dimensions) {
      const table = groups[dim.name];
      if (!table) continue;
      const parents = table.keys.map((k) => this.priorRate(dim.name, k));
      const m = strength?.[dim.name] ?? priorStrength(table.keys.map((_, i) => ({ count: table.count[i], illicit: table.illicit[i] })), parents);
      this.strength[dim.name] = m;
      const stats = new Map<string, RiskStat>();
      for (let i = 0; i < table.keys.length; i++) {
        const rate = shrink(table.illicit[i], table.count[i], parents[i], m);
        stats.set(table.keys[i], { count: table.count[i], illicit: table.illicit[i], revenue: table.revenue[i], rate, points: riskPoints(rate, this.overallRate) });
      }
      this.stats.set(dim.name, stats);
    }
  }

  has(dimension: string): boolean {
    return this.stats.has(dimension);
  }

  get(dimension: string, key: string): RiskStat | undefined {
    return this.stats.get(dimension)?.get(key);
  }

  /** The shrunk rate of a key, or what it is shrunk toward when the key was never inspected. */
  rate(dimension: string, key: string): number {
    return this.stats.get(dimension)?.get(key)?.rate ?? this.priorRate(dimension, key);
  }

  points(dimension: string, key: string): number {
    return this.stats.get(dimension)?.get(key)?.points ?? riskPoints(this.priorRate(dimension, key), this.overallRate);
  }

  /** What a key's rate is shrunk toward: its HS parent, the overall rate, or its two parts combined. */
  priorRate(dimension: string, key: string): number {
    const parent = this.dims.get(dimension)?.parent;
    if (!parent || parent.kind === 'all') return this.overallRate;
    if (parent.kind === 'level') return this.rate(parent.name, parent.keyOf(key));
    const at = key.indexOf(PAIR_SEPARATOR);
    return combineParts(this.rate(parent.parts[0], key.slice(0, at)), this.rate(parent.parts[1], key.slice(at + 1)), this.overallRate);
  }
}
