/**
 * Empirical-Bayes shrinkage of illicit rates. A group with 2 inspections and 1
 * hit does not have a 50 % rate: its rate is pulled toward its parent's in
 * proportion to how little evidence it has. The prior's strength `m` (in
 * pseudo-inspections) is estimated from the data by the method of moments:
 * large when groups hardly differ beyond binomial noise, small when they do.
 */
export interface GroupCounts {
  count: number;
  illicit: number;
}

/** Keeps logits finite when a rate is exactly 0 or 1. */
const EPSILON = 1e-6;
export const MIN_STRENGTH = 1;
export const MAX_STRENGTH = 10_000;

/** Posterior mean of a Beta(m·p, m·(1−p)) prior after `illicit` hits in `count` inspections. */
export function shrink(illicit: number, count: number, parentRate: number, strength: number): number {
  return (illicit + strength * parentRate) / (count + strength);
}

/**
 * Method-of-moments strength: the ratio of the binomial variance a group's rate
 * would have if all groups shared their parent's rate, to the variance actually
 * observed beyond that noise. Weighted by group size.
 */
export function priorStrength(groups: readonly GroupCounts[], parentRates: readonly number[]): number {
  let noise = 0;
  let excess = 0;
  for (let i = 0; i < groups.length; i++) {
    const { count, illicit } = groups[i];
    if (count === 0) continue;
    const p = parentRates[i];
    const r = illicit / count;
    const binomial = p * (1 - p);
    noise += count * binomial;
    excess += count * ((r - p) ** 2 - binomial / count);
  }
  if (noise <= 0) return MAX_STRENGTH;
  if (excess <= 0) return MAX_STRENGTH;
  return clamp(noise / excess - 1, MIN_STRENGTH, MAX_STRENGTH);
}

export function logit(p: number): number {
  const q = clamp(p, EPSILON, 1 - EPSILON);
  return Math.log(q / (1 - q));
}

export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * Prior for a pair (origin × HS4…): the parts' evidence combined as if
 * independent given the overall rate (their log-odds effects add).
 */
export function combineParts(rateA: number, rateB: number, overallRate: number): number {
  return logistic(logit(rateA) + logit(rateB) - logit(overallRate));
}

/** Risk points: 10 per doubling of the odds of being illicit against the overall rate (0 = average, negative = safer). */
export function riskPoints(rate: number, overallRate: number): number {
  return (10 * (logit(rate) - logit(overallRate))) / Math.LN2;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
