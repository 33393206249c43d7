import { ConfigError } from '../errors.js';

/**
 * Thresholds that fit an inspection capacity: on the validation months the
 * combined rule set (hand-written rules + scorecard) sends about `targetRate`
 * red and the next `yellowRate` yellow. Points are shifted by one constant
 * (the scorecard's base points) so both cut-offs fall inside the 0–100 score,
 * which is clamped: a shift moves every declaration alike and leaves the
 * ranking as it is. Without a need to (both cut-offs already inside), there is no shift.
 */
export interface CapacityTarget {
  /** Share of declarations sent red (default 0.05). */
  targetRate: number;
  /** Share sent yellow, below the red ones (default 0.10). */
  yellowRate: number;
}

export const DEFAULT_CAPACITY: CapacityTarget = { targetRate: 0.05, yellowRate: 0.1 };

export interface FittedThresholds {
  red: number;
  yellow: number;
  /** Points added to every declaration (the scorecard's base) so the thresholds fit in 0–100. */
  base: number;
  /** Red and yellow shares these thresholds give the rows they were fitted on. */
  shares: { red: number; yellow: number };
}

/** The red threshold used when the spread allows it: the hand-written rules' usual scale. */
const PREFERRED_RED = 70;
/** Least yellow threshold: below it green would be little more than the clamp at 0. */
const YELLOW_FLOOR = 10;

export function parseTargetRate(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  const percent = m ? Number(m[1]) : Number.NaN;
  if (!(percent > 0 && percent < 50)) {
    throw new ConfigError(
      'BAD_TARGET_RATE',
      `"${text}" is not a target inspection rate`,
      { field: 'target-rate' },
      'give the share of declarations to send red, above 0 and under 50 %, e.g. --target-rate 5%',
    );
  }
  return percent / 100;
}

/** `points`: each validation row's combined points, before the clamp. */
export function fitThresholds(points: Float64Array, target: CapacityTarget = DEFAULT_CAPACITY): FittedThresholds {
  if (points.length === 0) return { red: PREFERRED_RED, yellow: 40, base: 0, shares: { red: 0, yellow: 0 } };
  const sorted = Float64Array.from(points).sort();
  const redCut = fromTop(sorted, target.targetRate);
  const yellowCut = Math.min(redCut, fromTop(sorted, target.targetRate + target.yellowRate));
  // No shift when both cut-offs already fall inside the score: no base rule, no extra hit on every decision.
  const fits = redCut <= 100 && yellowCut >= YELLOW_FLOOR;
  const gap = redCut - yellowCut;
  // Else red at 70 when the spread leaves yellow room above 0; or as high as needed, up to 100.
  const red = Math.min(100, Math.max(PREFERRED_RED, gap + YELLOW_FLOOR));
  const base = fits ? 0 : round1(red - redCut);
  // Rounded down: the declaration at the cut-off stays above it.
  const thresholds = {
    red: floor1(Math.min(100, redCut + base)),
    yellow: floor1(Math.max(0.1, Math.min(redCut + base, yellowCut + base))),
  };
  return { ...thresholds, base, shares: shares(sorted, base, thresholds) };
}

/** The lowest value among the top `share` of ascending `sorted`. */
function fromTop(sorted: Float64Array, share: number): number {
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil(sorted.length * (1 - share)) - 1))];
}

function shares(
  sorted: Float64Array,
  base: number,
  t: { red: number; yellow: number },
): { red: number; yellow: number } {
  let red = 0;
  let yellow = 0;
  for (const p of sorted) {
    const score = Math.round(Math.min(100, Math.max(0, p + base)) * 100) / 100;
    if (score >= t.red) red++;
    else if (score >= t.yellow) yellow++;
  }
  return { red: red / sorted.length, yellow: yellow / sorted.length };
}

function floor1(x: number): number {
  return Math.floor(x * 10 + 1e-9) / 10;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
