import { binFact, binIndex, DEFAULT_BINNING, type Bin, type BinnedFact, type BinningOptions } from './binning.js';
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
}

export interface CalibrateOptions {
  binning?: BinningOptions;
  /** Penalties tried, per training row (scaled by the number of rows fitted). */
  penalties?: readonly number[];
  /** Scorecard points per unit of log-odds. */
  pointsPerLogit?: number;
  /** Shares of train the red and yellow thresholds are set to select. */
  redShare?: number;
  yellowShare?: number;
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
  bins: ScorecardBin[];
  thresholds: { red: number; yellow: number };
  penalty: number;
  pointsPerLogit: number;
  train: { rows: number; illicitRate: number };
  validation: { rows: number; from?: string; logLoss: number; tried: { penalty: number; logLoss: number }[] };
}

// 20 points double the odds: the usual scorecard scale, and integers stay meaningful.
const DEFAULT_POINTS_PER_LOGIT = 20 / Math.LN2;
const DEFAULT_PENALTIES = [1e-1, 3e-2, 1e-2, 3e-3, 1e-3, 3e-4, 1e-4];

export function calibrate(table: TrainingTable, opts: CalibrateOptions = {}): Scorecard {
  const n = table.ids.length;
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
  let best = { penalty: (opts.penalties ?? DEFAULT_PENALTIES)[0], logLoss: Infinity };
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
      if (loss < best.logLoss) best = { penalty: perRow, logLoss: loss };
    }
  }
  const final = fitLogistic(design, table.labels, { lambda: best.penalty * n });
  const scale = opts.pointsPerLogit ?? DEFAULT_POINTS_PER_LOGIT;
  const bins = toPoints(binned, final.weights, scale, design, table.labels);
  const firstHeld = heldRows.length ? table.dates.filter((_, i) => held[i]).sort()[0] : undefined;
  return {
    bins,
    thresholds: thresholdsFor(design, bins, binned, opts.redShare ?? 0.05, opts.yellowShare ?? 0.2),
    penalty: best.penalty,
    pointsPerLogit: scale,
    train: { rows: n, illicitRate: n ? countOnes(table.labels) / n : 0 },
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
  return { rows: n, facts: binned.length, columns, codes, offsets };
}

/**
 * Log-odds to points: within each fact the lowest bin is 0 points, so every
 * point is added risk and bins at 0 need no rule. Shifting a whole fact moves
 * every score by the same amount and leaves the ranking unchanged.
 */
function toPoints(binned: readonly BinnedFact[], w: Float64Array, scale: number, design: BinDesign & { offsets: number[] }, y: Uint8Array): ScorecardBin[] {
  const out: ScorecardBin[] = [];
  binned.forEach((b, f) => {
    const base = design.offsets[f];
    const weights = b.bins.map((_, k) => w[1 + base + k]);
    const lowest = Math.min(...weights);
    const rows = new Array<number>(b.bins.length).fill(0);
    const illicit = new Array<number>(b.bins.length).fill(0);
    for (let i = 0; i < design.rows; i++) {
      const c = design.codes[i * design.facts + f];
      if (c < 0) continue;
      rows[c - base]++;
      illicit[c - base] += y[i];
    }
    b.bins.forEach((bin, k) => {
      out.push({ fact: b.fact, bin, points: Math.round((weights[k] - lowest) * scale), rows: rows[k], illicitRate: rows[k] ? illicit[k] / rows[k] : 0 });
    });
  });
  return out;
}

/** Scores of train under the rounded points, and the cut-offs selecting the given shares. */
function thresholdsFor(design: BinDesign, bins: readonly ScorecardBin[], binned: readonly BinnedFact[], red: number, yellow: number): { red: number; yellow: number } {
  const points = bins.map((b) => b.points);
  const scores = new Float64Array(design.rows);
  for (let i = 0; i < design.rows; i++) {
    let s = 0;
    for (let f = 0; f < binned.length; f++) {
      const c = design.codes[i * design.facts + f];
      if (c >= 0) s += points[c];
    }
    scores[i] = s;
  }
  scores.sort();
  const at = (share: number) => (scores.length ? scores[Math.max(0, Math.ceil(scores.length * (1 - share)) - 1)] : 0);
  const r = Math.max(1, at(red));
  return { red: r, yellow: Math.min(r, Math.max(1, at(yellow))) };
}

function rowsWhere(mask: Uint8Array, value: number): number[] {
  const out: number[] = [];
  mask.forEach((m, i) => {
    if (m === value) out.push(i);
  });
  return out;
}

function subset(design: BinDesign, y: Uint8Array, rows: readonly number[]): { design: BinDesign; y: Uint8Array } {
  const codes = new Int32Array(rows.length * design.facts);
  const labels = new Uint8Array(rows.length);
  rows.forEach((r, i) => {
    codes.set(design.codes.subarray(r * design.facts, (r + 1) * design.facts), i * design.facts);
    labels[i] = y[r];
  });
  return { design: { ...design, rows: rows.length, codes }, y: labels };
}

function countOnes(y: Uint8Array): number {
  let s = 0;
  for (const v of y) s += v;
  return s;
}
