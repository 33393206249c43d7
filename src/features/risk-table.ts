import { PAIR_SEPARATOR, type Dimension } from './dimensions.js';
import type { GroupTable } from './profile.js';
import { combineParts, priorStrength, riskPoints, shrink } from './shrinkage.js';

export interface Overall {
  count: number;
  illicit: number;
  revenue: number;
}

interface DimensionTable {
  /** Key → position, built when the dimension is first looked up: dimensions no rule uses cost nothing. */
  index?: Map<string, number>;
  table: GroupTable;
  strength: number;
  /** Shrunk rate and points per key, computed on first use (NaN until then) so a large profile loads fast. */
  rate: Float64Array;
  points: Float64Array;
}

/** One dimension's look-ups, resolved once so a fact costs one key and one Map read. */
export interface DimensionRisk {
  count(key: string): number;
  illicit(key: string): number;
  rate(key: string): number;
  points(key: string): number;
}

const UNSEEN_MEMO = 100_000;

/**
 * Shrunk rates for every key of every dimension, for O(1) look-ups. Nothing
 * is computed at load: a dimension is indexed when first looked up, and a
 * key's rate is computed on first use from its parent's, and cached.
 */
export class RiskTables {
  readonly overallRate: number;
  readonly strength: Record<string, number> = {};
  private readonly tables = new Map<string, DimensionTable>();
  private readonly dims: Map<string, Dimension>;

  /**
   * Dimensions come parents first. Strengths are estimated from the counts
   * unless given (a loaded profile and a feedback overlay use the build's).
   */
  constructor(dimensions: readonly Dimension[], groups: Record<string, GroupTable>, overall: Overall, strength?: Record<string, number>) {
    this.dims = new Map(dimensions.map((d) => [d.name, d]));
    this.overallRate = overall.count > 0 ? overall.illicit / overall.count : 0;
    for (const dim of dimensions) {
      const table = groups[dim.name];
      if (!table) continue;
      const m = strength?.[dim.name] ?? this.estimateStrength(dim.name, table);
      this.strength[dim.name] = m;
      const n = table.keys.length;
      this.tables.set(dim.name, { table, strength: m, rate: new Float64Array(n).fill(Number.NaN), points: new Float64Array(n).fill(Number.NaN) });
    }
  }

  /** Look-ups of one dimension (undefined when the profile has none: its role was absent). */
  dimension(name: string): DimensionRisk | undefined {
    const t = this.tables.get(name);
    if (!t) return undefined;
    const { table } = t;
    let index: Map<string, number> | undefined;
    const position = (key: string): number | undefined => (index ??= indexOf(t)).get(key);
    // Keys never inspected (mostly new pairs) take their parent's rate: remember it, within a bound.
    const unseen = new Map<string, number>();
    const priorPoints = (key: string): number => {
      let p = unseen.get(key);
      if (p === undefined) {
        if (unseen.size >= UNSEEN_MEMO) unseen.clear();
        p = riskPoints(this.priorRate(name, key), this.overallRate);
        unseen.set(key, p);
      }
      return p;
    };
    return {
      count: (key) => {
        const i = position(key);
        return i === undefined ? 0 : table.count[i];
      },
      illicit: (key) => {
        const i = position(key);
        return i === undefined ? 0 : table.illicit[i];
      },
      rate: (key) => {
        const i = position(key);
        return i === undefined ? this.priorRate(name, key) : this.rateAt(t, name, key, i);
      },
      points: (key) => {
        const i = position(key);
        if (i === undefined) return priorPoints(key);
        let p = t.points[i];
        if (Number.isNaN(p)) p = t.points[i] = riskPoints(this.rateAt(t, name, key, i), this.overallRate);
        return p;
      },
    };
  }

  /** The shrunk rate of a key, or what it is shrunk toward when the key was never inspected. */
  rate(dimension: string, key: string): number {
    const t = this.tables.get(dimension);
    const i = t && indexOf(t).get(key);
    return i === undefined ? this.priorRate(dimension, key) : this.rateAt(t!, dimension, key, i);
  }

  /** What a key's rate is shrunk toward: its HS parent, the overall rate, or its two parts combined. */
  priorRate(dimension: string, key: string): number {
    const parent = this.dims.get(dimension)?.parent;
    if (!parent || parent.kind === 'all') return this.overallRate;
    if (parent.kind === 'level') return this.rate(parent.name, parent.keyOf(key));
    const at = key.indexOf(PAIR_SEPARATOR);
    return combineParts(this.rate(parent.parts[0], key.slice(0, at)), this.rate(parent.parts[1], key.slice(at + 1)), this.overallRate);
  }

  private rateAt(t: DimensionTable, dimension: string, key: string, i: number): number {
    let r = t.rate[i];
    if (Number.isNaN(r)) r = t.rate[i] = shrink(t.table.illicit[i], t.table.count[i], this.priorRate(dimension, key), t.strength);
    return r;
  }

  private estimateStrength(dimension: string, table: GroupTable): number {
    const parents = table.keys.map((k) => this.priorRate(dimension, k));
    return priorStrength(table.keys.map((_, i) => ({ count: table.count[i], illicit: table.illicit[i] })), parents);
  }
}

function indexOf(t: DimensionTable): Map<string, number> {
  if (!t.index) {
    t.index = new Map();
    for (let i = 0; i < t.table.keys.length; i++) t.index.set(t.table.keys[i], i);
  }
  return t.index;
}
