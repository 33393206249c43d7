import { DEFAULT_CAPACITY, fitThresholds, type CapacityTarget, type FittedThresholds } from './fit-thresholds.js';
import { sigmoid, solveCholesky } from './logistic.js';

/**
 * How many points the risk model is worth beside the hand-written rules and
 * the scorecard. Fitted on the validation months, where the held-out model's
 * scores are out of sample: one logistic regression of the outcome on the
 * set's points and `model.riskPoints` gives the exchange rate between the
 * two, and the model's share is written as cumulative bands over its top
 * scores ("risk points ≥ e → +k"), so a rule file can carry it and an analyst
 * can read, edit or drop it.
 */
export interface ModelBand {
  /** The band's lowest `model.riskPoints`. */
  from: number;
  /** Points added from this band up (the bands add up). */
  points: number;
  /** Share of the validation months at or above `from`. */
  share: number;
}

export interface FittedBands {
  bands: ModelBand[];
  /** Points the set gives per unit of log-odds on the validation months (the fitted exchange rate). */
  pointsPerLogit: number;
  /** Points per model risk point written (≥ 0; each band at most 100). */
  pointsPerRiskPoint: number;
  /** The exchange rate fitted, when it was scaled down so red and yellow both fit the 0–100 score. */
  fittedPointsPerRiskPoint?: number;
  /**
   * The model's ranking needs more than the 0–100 score between the red and the yellow cut-off, and scaling it
   * down would select worse: red fits its target, yellow holds fewer than asked.
   */
  yellowShort?: boolean;
  /** Thresholds for the set with the bands, fitted to the capacity on the same rows. */
  thresholds: FittedThresholds;
  rows: number;
}

/**
 * The bands' lower edges as shares of the validation months, finest where the
 * capacity cuts fall (5 % red, 15 % with yellow). Below the top 20 % the model
 * adds nothing: there the rules and the scorecard order alone, and no model
 * hit lengthens a green decision.
 */
export const BAND_SHARES = [
  0.2, 0.17, 0.15, 0.14, 0.13, 0.12, 0.11, 0.1, 0.09, 0.08, 0.07, 0.065, 0.06, 0.055, 0.05, 0.045, 0.04, 0.035, 0.03,
  0.025, 0.02, 0.015, 0.01, 0.005,
];
/** Points are measured from the model's score at this share: the first band starts above zero. */
const REFERENCE_SHARE = 0.3;
/** Widest red-to-yellow spread with both thresholds inside the score (yellow at 10 or more, red at 100 at most). */
const MAX_GAP = 90;
/** Inspected shares at which scaling the model down for the yellow channel may cost at most MAX_PRECISION_LOSS. */
const RANKED_SHARES = [0.05, 0.1];
const MAX_PRECISION_LOSS = 0.005;
/** Points per risk point that give every band the most a rule may carry. */
const SATURATED = 1e6;
/** A rule file bounds a rule's points to ±100. */
const MAX_POINTS = 100;

/**
 * `setPoints`: each validation row's points from the rules and the scorecard
 * (with the held-out model loaded, so rules reading it count); `riskPoints`:
 * the held-out model's; `labels`: the outcomes.
 */
export function fitModelBands(
  setPoints: Float64Array,
  riskPoints: Float64Array,
  labels: Uint8Array,
  capacity: CapacityTarget = DEFAULT_CAPACITY,
): FittedBands {
  const n = labels.length;
  const [, perPoint, perRisk] = fitTwoInputs(setPoints, riskPoints, labels);
  const pointsPerLogit = perPoint > 0 ? 1 / perPoint : Number.POSITIVE_INFINITY;
  const pointsPerRiskPoint = Math.max(0, perRisk) * pointsPerLogit;
  const sorted = Float64Array.from(riskPoints).sort();
  const at = (scale: number) => {
    const bands = bandsAt(sorted, scale);
    const combined = Float64Array.from(setPoints, (s, i) => s + bandPoints(bands, riskPoints[i]));
    return { bands, combined, gap: capacityGap(combined, capacity) };
  };
  // The fitted rate, or the model first (every band at its 100 points, the set's points ordering within a band):
  // one rate for all scores can undervalue the model where it is sharpest, so the better on these rows is kept.
  const linear = Number.isFinite(pointsPerRiskPoint) ? pointsPerRiskPoint : SATURATED;
  const ranking = (c: ReturnType<typeof at>) =>
    RANKED_SHARES.reduce((sum, r) => sum + precisionAt(c.combined, labels, r), 0);
  const first = at(SATURATED);
  const rated = linear === SATURATED ? first : at(linear);
  const fitted = ranking(first) > ranking(rated) ? SATURATED : linear;
  const full = fitted === SATURATED ? first : rated;
  const result = (scale: number, chosen: ReturnType<typeof at>, yellowShort: boolean): FittedBands => ({
    bands: chosen.bands,
    pointsPerLogit,
    pointsPerRiskPoint: scale,
    ...(scale < fitted ? { fittedPointsPerRiskPoint: fitted } : {}),
    thresholds: fitThresholds(chosen.combined, capacity),
    ...(yellowShort ? { yellowShort: true } : {}),
    rows: n,
  });
  if (full.gap <= MAX_GAP) return result(fitted, full, false);
  // Red and yellow both inside the 0–100 score need a smaller spread: the largest scale that gives one.
  let lo = 0;
  let hi = fitted;
  for (let k = 0; k < 30; k++) {
    const mid = (lo + hi) / 2;
    if (at(mid).gap > MAX_GAP) hi = mid;
    else lo = mid;
  }
  const fitting = at(lo);
  // Targeting first: a full yellow channel is not worth selecting worse at the capacities that matter.
  const loss = Math.max(
    ...RANKED_SHARES.map((r) => precisionAt(full.combined, labels, r) - precisionAt(fitting.combined, labels, r)),
  );
  return loss <= MAX_PRECISION_LOSS ? result(lo, fitting, false) : result(fitted, full, true);
}

/** Precision among the top `share` of rows by points (ties in row order). */
function precisionAt(points: Float64Array, labels: Uint8Array, share: number): number {
  const order = Array.from(points, (_, i) => i).sort((a, b) => points[b] - points[a] || a - b);
  const k = Math.max(1, Math.round(order.length * share));
  let hits = 0;
  for (let i = 0; i < k; i++) hits += labels[order[i]];
  return hits / k;
}

/** Cumulative bands giving `scale` points per model risk point above the reference (each at most 100). */
export function bandsAt(sorted: Float64Array, scale: number): ModelBand[] {
  const reference = fromTop(sorted, REFERENCE_SHARE);
  const bands: ModelBand[] = [];
  let total = 0;
  for (const share of BAND_SHARES) {
    // Edges as written (rounded): two that round alike are one band, and one rule name.
    const from = round3(fromTop(sorted, share));
    if (bands.length && from <= bands[bands.length - 1].from) continue;
    const points = Math.min(MAX_POINTS, Math.round(Math.max(0, scale * (from - reference) - total) * 10) / 10);
    if (points <= 0) continue;
    total += points;
    bands.push({ from, points, share: shareFrom(sorted, from) });
  }
  return bands;
}

/** Points between the red cut-off and the yellow one: what the 0–100 score must hold. */
function capacityGap(points: Float64Array, capacity: CapacityTarget): number {
  const sorted = Float64Array.from(points).sort();
  return fromTop(sorted, capacity.targetRate) - fromTop(sorted, capacity.targetRate + capacity.yellowRate);
}

/**
 * Logistic regression of `y` on two numeric inputs: [intercept, weight of a,
 * weight of b]. Newton steps on standardised inputs, a tiny ridge keeping a
 * degenerate fit (an input without spread, separable rows) finite.
 */
export function fitTwoInputs(a: Float64Array, b: Float64Array, y: Uint8Array): Float64Array {
  const n = y.length;
  const scaleOf = (x: Float64Array) => {
    let mean = 0;
    for (const v of x) mean += v / n;
    let sd = 0;
    for (const v of x) sd += ((v - mean) * (v - mean)) / n;
    return { mean, sd: Math.sqrt(sd) || 1 };
  };
  const sa = scaleOf(a);
  const sb = scaleOf(b);
  const w = new Float64Array(3);
  for (let iter = 0; iter < 50; iter++) {
    const g = new Float64Array(3);
    const h = new Float64Array(9);
    for (let i = 0; i < n; i++) {
      const x = [1, (a[i] - sa.mean) / sa.sd, (b[i] - sb.mean) / sb.sd];
      const p = sigmoid(w[0] + w[1] * x[1] + w[2] * x[2]);
      for (let j = 0; j < 3; j++) {
        g[j] += (p - y[i]) * x[j];
        for (let k = 0; k < 3; k++) h[j * 3 + k] += p * (1 - p) * x[j] * x[k];
      }
    }
    for (let j = 0; j < 3; j++) {
      g[j] += 1e-6 * n * w[j];
      h[j * 4] += 1e-6 * n;
    }
    const step = solveCholesky(h, g, 3);
    for (let j = 0; j < 3; j++) w[j] -= step[j];
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  const wa = w[1] / sa.sd;
  const wb = w[2] / sb.sd;
  return Float64Array.of(w[0] - wa * sa.mean - wb * sb.mean, wa, wb);
}

/** How the bands' points were set, in words (the summary and the scorecard file's description). */
export function bandWorth(b: FittedBands): string {
  return b.pointsPerRiskPoint >= SATURATED
    ? 'every band at 100 points (the model first, the rules and the scorecard ordering within a band: it selected better there than one exchange rate)'
    : `${b.pointsPerRiskPoint.toFixed(2)} points per model risk point`;
}

/** The points the bands give a model score. */
export function bandPoints(bands: readonly ModelBand[], riskPoints: number): number {
  let s = 0;
  for (const b of bands) if (riskPoints >= b.from) s += b.points;
  return s;
}

function fromTop(sorted: Float64Array, share: number): number {
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil(sorted.length * (1 - share)) - 1))];
}

function shareFrom(sorted: Float64Array, from: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < from) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length ? (sorted.length - lo) / sorted.length : 0;
}

/** Rounded down, so the row at the edge stays in its band. */
function round3(x: number): number {
  return Math.floor(x * 1000) / 1000;
}
