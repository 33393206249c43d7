import { taxRatio, valuePerKg, valuePerUnit } from '../declaration/derived.js';
import { BUILT_IN_MAPPING, type Mapping } from '../declaration/mapping.js';
import { KeyCounts, round, type FoldCounts } from './counts.js';
import { danfo } from './danfo.js';
import { dayNumber, dayString } from './days.js';
import { PAIR_SEPARATOR, dimensionsFor, type Dimension } from './dimensions.js';
import type { LabelledRow } from './history.js';
import {
  DEFAULT_SETTINGS,
  PRICE_MEASURES,
  TRADER_ROLES,
  type GroupTable,
  type PriceLevel,
  type PriceMeasure,
  type ProfileBody,
  type ProfileSettings,
} from './profile.js';
import { robustSummary } from './robust.js';
import { RiskTables } from './risk-table.js';

export interface BuildOptions {
  mapping?: Mapping;
  /** Source file, recorded in the profile. */
  file?: string;
  settings?: Partial<ProfileSettings>;
  /** Also count per fold, for out-of-fold training features: `foldOf(row)` in [0, folds). */
  folds?: number;
  foldOf?: (row: LabelledRow) => number;
}

export interface BuiltProfile {
  body: ProfileBody;
  dimensions: Dimension[];
  /** Per-fold counts parallel to each GroupTable (index = key × folds + fold), when folds were asked for. */
  folds?: { n: number; groups: Record<string, FoldCounts>; overall: FoldCounts };
}

/** Prices are compared on the log scale (they are lognormal); the tax ratio as is. */
const MEASURES: Record<PriceMeasure, (row: LabelledRow) => number> = {
  valuePerKg: (r) => logOf(valuePerKg(r.consignment)),
  valuePerUnit: (r) => logOf(valuePerUnit(r.consignment)),
  taxRatio: (r) => taxRatio(r.consignment) ?? Number.NaN,
};
/**
 * A pair's id from its parts' indexes: a small integer while both parts are
 * below 2^15 (the common case, and V8 hashes small integers fastest), else a
 * larger exact double in a disjoint range.
 */
function pairId(a: number, b: number): number {
  return a < 32_768 && b < 32_768 ? a * 32_768 + b : 2 ** 31 + a * 2 ** 26 + b;
}

/**
 * Builds a profile from a labelled history in one pass plus a finish.
 * Inspection counts are additive and accumulate per key as rows stream in
 * (counts.ts). Prices need order statistics over each HS group, so rows are
 * partitioned by HS6 with a danfojs-node group-by, HS4 and HS2 partitions are
 * unions of HS6 ones, and each group's median and MAD is computed from its
 * partition.
 */
export class ProfileBuilder {
  private readonly dimensions: Dimension[];
  private readonly counts: KeyCounts[];
  private readonly pairParts: ([number, number] | undefined)[];
  private readonly rowKey: Int32Array;
  private readonly hs6OfRow: number[] = [];
  private readonly hs6Position: number;
  private readonly measures: Record<PriceMeasure, number[]> = { valuePerKg: [], valuePerUnit: [], taxRatio: [] };
  private readonly overall: KeyCounts;
  private rowCount = 0;
  private firstDay = Number.POSITIVE_INFINITY;
  private lastDay = Number.NEGATIVE_INFINITY;

  constructor(private readonly opts: BuildOptions = {}) {
    const folds = opts.folds ?? 0;
    this.dimensions = dimensionsFor((opts.mapping ?? BUILT_IN_MAPPING).categorical);
    const position = new Map(this.dimensions.map((d, i) => [d.name, i]));
    this.counts = this.dimensions.map(() => new KeyCounts(folds));
    this.pairParts = this.dimensions.map((d) =>
      d.parent.kind === 'pair' ? [position.get(d.parent.parts[0])!, position.get(d.parent.parts[1])!] : undefined,
    );
    this.rowKey = new Int32Array(this.dimensions.length);
    this.hs6Position = position.get('hs6')!;
    this.overall = new KeyCounts(folds);
    this.overall.intern('all', () => 'all');
  }

  get rows(): number {
    return this.rowCount;
  }

  add(row: LabelledRow): void {
    const c = row.consignment;
    const label = row.illicit ?? -1;
    const revenue = row.revenue ?? 0;
    const day = c.date ? dayNumber(c.date) : Number.NaN;
    const fold = this.opts.foldOf ? this.opts.foldOf(row) : 0;
    if (day < this.firstDay) this.firstDay = day;
    if (day > this.lastDay) this.lastDay = day;
    this.overall.add(0, label, revenue, day, fold);
    for (let d = 0; d < this.dimensions.length; d++) {
      const counts = this.counts[d];
      const parts = this.pairParts[d];
      let i = -1;
      if (parts) {
        const a = this.rowKey[parts[0]];
        const b = this.rowKey[parts[1]];
        if (a >= 0 && b >= 0) {
          const ka = this.counts[parts[0]].keys;
          const kb = this.counts[parts[1]].keys;
          i = counts.intern(pairId(a, b), () => ka[a] + PAIR_SEPARATOR + kb[b]);
        }
      } else {
        const key = this.dimensions[d].key(c);
        if (key !== undefined) i = counts.intern(key, () => key);
      }
      this.rowKey[d] = i;
      if (i >= 0) counts.add(i, label, revenue, day, fold);
    }
    this.hs6OfRow.push(this.rowKey[this.hs6Position]);
    for (const m of PRICE_MEASURES) this.measures[m].push(MEASURES[m](row));
    this.rowCount++;
  }

  finish(): BuiltProfile {
    const groups: Record<string, GroupTable> = {};
    const firstSeen: ProfileBody['firstSeen'] = {};
    this.dimensions.forEach((dim, d) => {
      if (this.counts[d].size === 0) return;
      groups[dim.name] = this.counts[d].table();
      if ((TRADER_ROLES as readonly string[]).includes(dim.name))
        firstSeen[dim.name as keyof typeof firstSeen] = this.counts[d].firstSeen();
    });
    const overall = this.overall.table();
    const totals = { count: overall.count[0], illicit: overall.illicit[0], revenue: overall.revenue[0] };
    const body: ProfileBody = {
      builtAt: new Date().toISOString(),
      source: {
        ...(this.opts.file ? { file: this.opts.file } : {}),
        rows: this.rowCount,
        labelled: totals.count,
        dateRange: Number.isFinite(this.firstDay)
          ? { from: dayString(this.firstDay), to: dayString(this.lastDay) }
          : {},
        mapping: this.opts.mapping ?? BUILT_IN_MAPPING,
      },
      settings: { ...DEFAULT_SETTINGS, ...this.opts.settings },
      overall: totals,
      strength: new RiskTables(this.dimensions, groups, totals).strength,
      groups,
      prices: this.prices(),
      firstSeen,
    };
    if (!this.opts.folds) return { body, dimensions: this.dimensions };
    const foldGroups: Record<string, FoldCounts> = {};
    this.dimensions.forEach((dim, d) => {
      if (this.counts[d].size > 0) foldGroups[dim.name] = this.counts[d].byFold();
    });
    return {
      body,
      dimensions: this.dimensions,
      folds: { n: this.opts.folds, groups: foldGroups, overall: this.overall.byFold() },
    };
  }

  /** Median and MAD of each price measure per HS6, HS4, HS2 and overall. */
  private prices(): ProfileBody['prices'] {
    const prices: ProfileBody['prices'] = { valuePerKg: {}, valuePerUnit: {}, taxRatio: {} };
    const summarize = (level: PriceLevel, key: string, rows: ArrayLike<number>): void => {
      for (const m of PRICE_MEASURES) {
        const source = this.measures[m];
        const values: number[] = [];
        for (let j = 0; j < rows.length; j++) if (!Number.isNaN(source[rows[j]])) values.push(source[rows[j]]);
        if (values.length === 0) continue;
        const s = robustSummary(Float64Array.from(values));
        const table = (prices[m][level] ??= { keys: [], n: [], median: [], mad: [] });
        table.keys.push(key);
        table.n.push(s.n);
        table.median.push(round(s.median));
        table.mad.push(round(s.mad));
      }
    };
    // One danfojs group-by by HS6; HS4 and HS2 groups are unions of HS6 groups (every code has 6 digits or more).
    const hs6Keys = this.counts[this.dimensions.findIndex((d) => d.name === 'hs6')].keys;
    const byHs6 = new Map<string, number[]>();
    for (const [index, rows] of this.partitionBy(this.hs6OfRow)) byHs6.set(hs6Keys[index], rows);
    for (const [level, digits] of [
      ['hs6', 6],
      ['hs4', 4],
      ['hs2', 2],
    ] as const) {
      const groups = new Map<string, number[][]>();
      for (const [hs6, rows] of byHs6) {
        const key = hs6.slice(0, digits);
        const list = groups.get(key);
        if (list) list.push(rows);
        else groups.set(key, [rows]);
      }
      for (const [key, parts] of groups) summarize(level, key, parts.length === 1 ? parts[0] : parts.flat());
    }
    const all = new Int32Array(this.rowCount);
    for (let i = 0; i < all.length; i++) all[i] = i;
    summarize('all', 'all', all);
    return prices;
  }

  /** danfojs-node group-by: each key index → the rows holding it (rows without the key left out). */
  private partitionBy(keyOfRow: readonly number[]): Map<number, number[]> {
    const key: number[] = [];
    const row: number[] = [];
    keyOfRow.forEach((k, i) => {
      if (k >= 0) {
        key.push(k);
        row.push(i);
      }
    });
    const out = new Map<number, number[]>();
    if (key.length === 0) return out;
    const grouped = new (danfo().DataFrame)({ key, row }).groupby(['key']).col(['row']);
    for (const [name, value] of Object.entries(grouped.groups as Record<string, { row: number[] }>)) {
      out.set(Number(grouped.keyToValue[name][0]), value.row);
    }
    return out;
  }
}

function logOf(x: number | undefined): number {
  return x !== undefined && x > 0 ? Math.log(x) : Number.NaN;
}
