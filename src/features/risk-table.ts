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

/** One dimension's look-ups, resolved once so a fact costs a Map read or two. `b` is a pair's second part. */
export interface DimensionRisk {
  count(a: string, b?: string): number;
  illicit(a: string, b?: string): number;
  rate(a: string, b?: string): number;
  points(a: string, b?: string): number;
}

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
  constructor(
    dimensions: readonly Dimension[],
    groups: Record<string, GroupTable>,
    overall: Overall,
    strength?: Record<string, number>,
  ) {
    this.dims = new Map(dimensions.map((d) => [d.name, d]));
    this.overallRate = overall.count > 0 ? overall.illicit / overall.count : 0;
    for (const dim of dimensions) {
      const table = groups[dim.name];
      if (!table) continue;
      const m = strength?.[dim.name] ?? this.estimateStrength(dim.name, table);
      this.strength[dim.name] = m;
      const n = table.keys.length;
      this.tables.set(dim.name, {
        table,
        strength: m,
        rate: new Float64Array(n).fill(Number.NaN),
        points: new Float64Array(n).fill(Number.NaN),
      });
    }
  }

  /** Look-ups of one dimension (undefined when the profile has none: its role was absent). */
  dimension(name: string): DimensionRisk | undefined {
    const t = this.tables.get(name);
    if (!t) return undefined;
    const { table } = t;
    const parent = this.dims.get(name)!.parent;
    // A pair is looked up by its two parts (nested Maps): no key string is built per consignment,
    // and a pair never inspected takes its parts' combined rate straight from them.
    let position: (a: string, b?: string) => number | undefined;
    let prior: (a: string, b?: string) => number;
    if (parent.kind === 'pair') {
      let nested: Map<string, Map<string, number>> | undefined;
      position = (a, b) => (nested ??= nestedIndexOf(table)).get(a)?.get(b!);
      prior = (a, b) => combineParts(this.rate(parent.parts[0], a), this.rate(parent.parts[1], b!), this.overallRate);
    } else {
      position = (a) => indexOf(t).get(a);
      prior = (a) => this.priorRate(name, a);
    }
    return {
      count: (a, b) => {
        const i = position(a, b);
        return i === undefined ? 0 : table.count[i];
      },
      illicit: (a, b) => {
        const i = position(a, b);
        return i === undefined ? 0 : table.illicit[i];
      },
      rate: (a, b) => {
        const i = position(a, b);
        return i === undefined ? prior(a, b) : this.rateAt(t, name, i);
      },
      points: (a, b) => {
        const i = position(a, b);
        if (i === undefined) return riskPoints(prior(a, b), this.overallRate);
        let p = t.points[i];
        if (Number.isNaN(p)) p = t.points[i] = riskPoints(this.rateAt(t, name, i), this.overallRate);
        return p;
      },
    };
  }

  /** The shrunk rate of a key, or what it is shrunk toward when the key was never inspected. */
  rate(dimension: string, key: string): number {
    const t = this.tables.get(dimension);
    const i = t && indexOf(t).get(key);
    return i === undefined ? this.priorRate(dimension, key) : this.rateAt(t!, dimension, i);
  }

  /** What a key's rate is shrunk toward: its HS parent, the overall rate, or its two parts combined. */
  priorRate(dimension: string, key: string): number {
    const parent = this.dims.get(dimension)?.parent;
    if (!parent || parent.kind === 'all') return this.overallRate;
    if (parent.kind === 'level') return this.rate(parent.name, parent.keyOf(key));
    const at = key.indexOf(PAIR_SEPARATOR);
    return combineParts(
      this.rate(parent.parts[0], key.slice(0, at)),
      this.rate(parent.parts[1], key.slice(at + 1)),
      this.overallRate,
    );
  }

  private rateAt(t: DimensionTable, dimension: string, i: number): number {
    let r = t.rate[i];
    if (Number.isNaN(r))
      r = t.rate[i] = shrink(
        t.table.illicit[i],
        t.table.count[i],
        this.priorRate(dimension, t.table.keys[i]),
        t.strength,
      );
    return r;
  }

  private estimateStrength(dimension: string, table: GroupTable): number {
    const parents = table.keys.map((k) => this.priorRate(dimension, k));
    return priorStrength(
      table.keys.map((_, i) => ({ count: table.count[i], illicit: table.illicit[i] })),
      parents,
    );
  }
}

function indexOf(t: DimensionTable): Map<string, number> {
  if (!t.index) {
    t.index = new Map();
    for (let i = 0; i < t.table.keys.length; i++) t.index.set(t.table.keys[i], i);
  }
  return t.index;
}

function nestedIndexOf(table: GroupTable): Map<string, Map<string, number>> {
  const nested = new Map<string, Map<string, number>>();
  table.keys.forEach((key, i) => {
    const at = key.indexOf(PAIR_SEPARATOR);
    const a = key.slice(0, at);
    let inner = nested.get(a);
    if (!inner) nested.set(a, (inner = new Map()));
    inner.set(key.slice(at + 1), i);
  });
  return nested;
}
