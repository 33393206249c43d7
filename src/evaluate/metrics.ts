/**
 * Targeting measures of the customs-fraud literature (DATE, KDD 2020): what an
 * inspection of the top n % of a ranking catches. Pure functions over scored rows.
 */

/** One test declaration with its outcome and the score a method gave it. */
export interface ScoredRow {
  id: string;
  score: number;
  illicit: boolean;
  /** Revenue recovered by inspecting it (0 for compliant declarations); absent without a revenue column. */
  revenue?: number;
}

/** Inspection rates (percent) every evaluation reports. */
export const REPORTED_RATES = [1, 2, 5, 10] as const;

export interface AtRate {
  precision: number;
  recall: number;
  /** null when the dataset has no revenue column. */
  revenue: number | null;
}

/** Highest score first; equal scores in id order, so a ranking never depends on input order. */
export function rank<T extends { id: string; score: number }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** How many declarations an inspection rate of `percent` % of `n` means: rounded up, so 1 % of 50 is 1. */
export function inspectedCount(n: number, percent: number): number {
  // The epsilon keeps 5 % of 200 at 10 despite binary floating point.
  return Math.max(0, Math.min(n, Math.ceil((n * percent) / 100 - 1e-9)));
}

/**
 * Running totals along a ranking, so any inspection rate is read in O(1)
 * (the report draws whole curves).
 */
export class RankingTotals {
  readonly n: number;
  readonly illicit: number;
  readonly revenue: number | null;
  private readonly cumIllicit: Uint32Array;
  private readonly cumRevenue: Float64Array | null;

  constructor(ranked: readonly ScoredRow[], hasRevenue: boolean) {
    this.n = ranked.length;
    this.cumIllicit = new Uint32Array(this.n + 1);
    this.cumRevenue = hasRevenue ? new Float64Array(this.n + 1) : null;
    for (let i = 0; i < this.n; i++) {
      const r = ranked[i];
      this.cumIllicit[i + 1] = this.cumIllicit[i] + (r.illicit ? 1 : 0);
      if (this.cumRevenue) this.cumRevenue[i + 1] = this.cumRevenue[i] + (r.revenue ?? 0);
    }
    this.illicit = this.cumIllicit[this.n];
    this.revenue = this.cumRevenue ? this.cumRevenue[this.n] : null;
  }

  at(percent: number): AtRate {
    const k = inspectedCount(this.n, percent);
    const caught = this.cumIllicit[k];
    let revenue: number | null = null;
    if (this.cumRevenue && this.revenue !== null) revenue = this.revenue > 0 ? this.cumRevenue[k] / this.revenue : 0;
    return {
      precision: k > 0 ? caught / k : 0,
      recall: this.illicit > 0 ? caught / this.illicit : 0,
      revenue,
    };
  }
}

export type AtRates = Record<string, AtRate>;

export function atRates(totals: RankingTotals, rates: readonly number[] = REPORTED_RATES): AtRates {
  const out: AtRates = {};
  for (const p of rates) out[String(p)] = totals.at(p);
  return out;
}

/**
 * Area under the ROC curve: the chance that a random illicit declaration
 * scores above a random compliant one, equal scores counting one half
 * (Mann–Whitney with mid-ranks). null when the test set has only one class.
 */
export function auc(rows: readonly { id: string; score: number; illicit: boolean }[]): number | null {
  return aucOfRanked(rank(rows));
}

/** AUC from rows already ranked highest score first (ids play no part: equal scores form one group). */
export function aucOfRanked(ranked: readonly { score: number; illicit: boolean }[]): number | null {
  let negatives = 0;
  for (const r of ranked) if (!r.illicit) negatives++;
  const positives = ranked.length - negatives;
  if (positives === 0 || negatives === 0) return null;
  let wins = 0;
  let negativesAbove = 0;
  for (let i = 0; i < ranked.length;) {
    let p = 0;
    let q = 0;
    let j = i;
    for (; j < ranked.length && ranked[j].score === ranked[i].score; j++) {
      if (ranked[j].illicit) p++;
      else q++;
    }
    // Each illicit one here beats every compliant one below and ties with those beside it.
    wins += p * (negatives - negativesAbove - q) + 0.5 * p * q;
    negativesAbove += q;
    i = j;
  }
  return wins / (positives * negatives);
}

/** Everything one ranking method is judged by. */
export interface RankingMeasures {
  at: AtRates;
  auc: number | null;
  totals: RankingTotals;
}

export function measureRanking(rows: readonly ScoredRow[], hasRevenue: boolean): RankingMeasures {
  const ranked = rank(rows);
  const totals = new RankingTotals(ranked, hasRevenue);
  return { at: atRates(totals), auc: aucOfRanked(ranked), totals };
}
