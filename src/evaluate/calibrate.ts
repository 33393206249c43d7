import { DatasetError } from '../errors.js';
import { binFact, binIndex, DEFAULT_BINNING, type Bin, type BinnedFact, type BinningOptions } from './binning.js';
import { DEFAULT_CAPACITY, fitThresholds, type CapacityTarget } from './fit-thresholds.js';
import { binShares, combinedPoints, countOnes, rowsWhere, subset, totals } from './bin-design.js';
import { fitLogistic, logLoss, type BinDesign } from './logistic.js';
import { holdOutLastMonths } from './validation-split.js';

/**
 * Fits scorecard points from training outcomes: each candidate fact binned,
 * one L2-regularised logistic regression over all bins, the penalty chosen by
 * log loss on the last months of train, then refitted on all of train.
 * Deterministic: same table, same scorecard.
 */

/** Training declarations with their fact values (computed leakage-free by the caller). */
export interface TrainingTable {
  ids: readonly string[];
  dates: readonly (string | undefined)[];
  labels: Uint8Array;
  /** One column of values per candidate fact, aligned with `ids`. */
  columns: ReadonlyMap<string, readonly unknown[]>;
  /**
   * Points the hand-written rules give each row. Fitted alongside the bins, its
   * weight converts log-odds into the rules' points, so rules + scorecard add
   * up to the fitted model.
   */
  rulePoints?: Float64Array;
}

export interface CalibrateOptions {
  binning?: BinningOptions;
  /** Penalties tried, per training row (scaled by the number of rows fitted). */
  penalties?: readonly number[];
  /**
   * The hand-written set's thresholds: without rule points to scale on, points
   * are scaled so that `red` selects the riskiest 5 % of train.
   */
  thresholds?: { red: number; yellow: number };
  /** Red and yellow shares the written thresholds aim at on the validation months. */
  capacity?: CapacityTarget;
}

export interface ScorecardBin {
  fact: string;
  bin: Bin;
  points: number;
  /** Training declarations in the bin, and the illicit share among them. */
  rows: number;
  illicitRate: number;
}

export interface Scorecard {
  /** The bins written as rules: those that separate (at least MIN_POINTS, under COMMON_SHARE of train and of the held-out months). */
  bins: ScorecardBin[];
  /** Thresholds for the combined set (rules + scorecard), fitted to the capacity on the validation months. */
  thresholds: { red: number; yellow: number };
  /** Points every declaration gets (so the thresholds fall inside the 0–100 score); 0 writes no rule. */
  base: number;
  capacity: CapacityTarget & {
    /** Shares the thresholds give the rows they were fitted on. */
    shares: { red: number; yellow: number };
    fittedOn: 'validation' | 'train';
  };
  /** Bins fitted but not written: near-zero points, or the bin of nearly every row (in train or in its last months). */
  dropped: { nearZero: number; common: number };
  penalty: number;
  pointsPerLogit: number;
  /** How the scale was set: from the hand-written rules' fitted weight, or from the red share of train. */
  scaledBy: 'rules' | 'redShare';
  train: { rows: number; illicitRate: number };
  validation: { rows: number; from?: string; logLoss: number; tried: { penalty: number; logLoss: number }[] };
}

const DEFAULT_THRESHOLDS = { red: 70, yellow: 40 };
const RED_SHARE = 0.05;
// Used only when train gives no spread to scale on: 20 points double the odds, the usual scorecard scale.
const FALLBACK_POINTS_PER_LOGIT = 20 / Math.LN2;
/** A rule file bounds a rule's points to ±100. */
const MAX_POINTS = 100;
const DEFAULT_PENALTIES = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5];
/** Bins under a point either way tell an officer nothing and only lengthen the decision. */
const MIN_POINTS = 1;
/**
 * A bin nearly every declaration falls in does not separate (its points are
 * only an offset) — in all of train, or lately: a bin that holds the held-out
 * months tracks the calendar (a fact that grows with time), not risk.
 */
const COMMON_SHARE = 0.95;

export function calibrate(table: TrainingTable, opts: CalibrateOptions = {}): Scorecard {
  const n = table.ids.length;
  const illicit = countOnes(table.labels);
  if (illicit === 0 || illicit === n) {
    throw new DatasetError(
      'CANNOT_CALIBRATE',
      `train has ${n} labelled declarations, ${illicit} of them illicit: a scorecard needs both outcomes`,
      { field: 'illicit' },
      'map the outcome column (role "illicit" in --mapping) and give a history with inspections that found fraud and some that did not',
    );
  }
  const binned: BinnedFact[] = [];
  for (const [fact, values] of table.columns) {
    const b = binFact(fact, values, opts.binning ?? DEFAULT_BINNING);
    if (b) binned.push(b);
  }
  const design = encode(table, binned);
  const held = holdOutLastMonths(table.dates);
  const fitRows = rowsWhere(held, 0);
  const heldRows = rowsWhere(held, 1);

  const tried: { penalty: number; logLoss: number }[] = [];
  let best = {
    penalty: (opts.penalties ?? DEFAULT_PENALTIES)[0],
    logLoss: Infinity,
    weights: undefined as Float64Array | undefined,
  };
  if (fitRows.length > 0 && heldRows.length > 0) {
    const fitPart = subset(design, table.labels, fitRows);
    const heldPart = subset(design, table.labels, heldRows);
    let start: Float64Array | undefined;
    // Largest penalty first: each fit warm-starts the next, smaller one.
    for (const perRow of [...(opts.penalties ?? DEFAULT_PENALTIES)].sort((a, b) => b - a)) {
      const fit = fitLogistic(fitPart.design, fitPart.y, { lambda: perRow * fitRows.length, start });
      start = fit.weights;
      const loss = logLoss(heldPart.design, heldPart.y, fit.weights);
      tried.push({ penalty: perRow, logLoss: loss });
      if (loss < best.logLoss) best = { penalty: perRow, logLoss: loss, weights: fit.weights };
      // Past the best by two steps on a smooth path: smaller penalties only overfit more.
      else if (tried.length - tried.findIndex((t) => t.penalty === best.penalty) > 2) break;
    }
  }
  // Warm-started from the chosen validation fit: same model, a few more rows.
  const final = fitLogistic(design, table.labels, { lambda: best.penalty * n, start: best.weights });
  const thresholds = opts.thresholds ?? DEFAULT_THRESHOLDS;
  const logits = shiftedLogits(binned, final.weights, design);
  const rulesWeight = design.covariate ? final.weights[design.columns + 1] : 0;
  const top = quantileFromTop(totals(design, logits), RED_SHARE);
  // One point of a hand-written rule is worth `rulesWeight` log-odds: the same exchange rate makes the sum the model.
  const scaledBy = rulesWeight > 0 ? 'rules' : 'redShare';
  const scale = rulesWeight > 0 ? 1 / rulesWeight : top > 0 ? thresholds.red / top : FALLBACK_POINTS_PER_LOGIT;
  const all = toPoints(binned, logits, scale, design, table.labels);
  // Share of each bin in all of train and in the held-out months: a bin nearly every row falls in, then or lately, does not separate.
  const recent = binShares(design, heldRows.length ? heldRows : undefined);
  const common = all.map((b, c) => b.rows / n >= COMMON_SHARE || recent[c] >= COMMON_SHARE);
  const written = all.map((b, c) => !common[c] && Math.abs(b.points) >= MIN_POINTS);
  const bins = all.filter((_, c) => written[c]);
  const columnPoints = Float64Array.from(all, (b, c) => (written[c] ? b.points : 0));
  // Thresholds fitted on the held-out months: the rows the penalty was judged on, later than most of train.
  const fittedOn = heldRows.length > 0 ? 'validation' : 'train';
  const fitted = fitThresholds(
    combinedPoints(design, columnPoints, fittedOn === 'validation' ? heldRows : undefined),
    opts.capacity ?? DEFAULT_CAPACITY,
  );
  const firstHeld = heldRows.length ? table.dates.filter((_, i) => held[i]).sort()[0] : undefined;
  return {
    bins,
    thresholds: { red: fitted.red, yellow: fitted.yellow },
    base: fitted.base,
    capacity: { ...(opts.capacity ?? DEFAULT_CAPACITY), shares: fitted.shares, fittedOn },
    dropped: {
      nearZero: all.filter((_, c) => !written[c] && !common[c]).length,
      common: common.filter(Boolean).length,
    },
    penalty: best.penalty,
    pointsPerLogit: scale,
    scaledBy,
    train: { rows: n, illicitRate: illicit / n },
    validation: { rows: heldRows.length, ...(firstHeld ? { from: firstHeld } : {}), logLoss: best.logLoss, tried },
  };
}

function encode(table: TrainingTable, binned: readonly BinnedFact[]): BinDesign & { offsets: number[] } {
  const n = table.ids.length;
  const offsets: number[] = [];
  let columns = 0;
  for (const b of binned) {
    offsets.push(columns);
    columns += b.bins.length;
  }
  const codes = new Int32Array(n * binned.length);
  binned.forEach((b, f) => {
    const values = table.columns.get(b.fact)!;
    for (let i = 0; i < n; i++) {
      const k = binIndex(b, values[i]);
      codes[i * binned.length + f] = k < 0 ? -1 : offsets[f] + k;
    }
  });
  return {
    rows: n,
    facts: binned.length,
    columns,
    codes,
    offsets,
    ...(table.rulePoints ? { covariate: table.rulePoints } : {}),
  };
}

/**
 * Each column's log-odds relative to its fact's most common bin: the usual
 * case scores 0 and needs no rule, riskier bins add points, safer ones take
 * some away. Shifting a whole fact moves every score by the same amount and
 * leaves the ranking unchanged.
 */
function shiftedLogits(
  binned: readonly BinnedFact[],
  w: Float64Array,
  design: BinDesign & { offsets: number[] },
): Float64Array {
  const counts = new Float64Array(design.columns);
  for (const c of design.codes) if (c >= 0) counts[c]++;
  const out = new Float64Array(design.columns);
  binned.forEach((b, f) => {
    const base = design.offsets[f];
    let mode = base;
    for (let k = 1; k < b.bins.length; k++) if (counts[base + k] > counts[mode]) mode = base + k;
    b.bins.forEach((_, k) => (out[base + k] = w[1 + base + k] - w[1 + mode]));
  });
  return out;
}

/** The value the top `share` of `values` reaches. */
function quantileFromTop(values: Float64Array, share: number): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.max(0, Math.ceil(sorted.length * (1 - share)) - 1)];
}

/** Points (one decimal) and the training count and illicit share of each bin. */
function toPoints(
  binned: readonly BinnedFact[],
  logits: Float64Array,
  scale: number,
  design: BinDesign & { offsets: number[] },
  y: Uint8Array,
): ScorecardBin[] {
  const rows = new Float64Array(design.columns);
  const illicit = new Float64Array(design.columns);
  for (let i = 0; i < design.rows; i++) {
    for (let f = 0; f < design.facts; f++) {
      const c = design.codes[i * design.facts + f];
      if (c < 0) continue;
      rows[c]++;
      illicit[c] += y[i];
    }
  }
  return binned.flatMap((b, f) =>
    b.bins.map((bin, k) => {
      const c = design.offsets[f] + k;
      const points = Math.max(-MAX_POINTS, Math.min(MAX_POINTS, Math.round(logits[c] * scale * 10) / 10));
      return { fact: b.fact, bin, points, rows: rows[c], illicitRate: rows[c] ? illicit[c] / rows[c] : 0 };
    }),
  );
}
