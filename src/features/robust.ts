/**
 * Robust location and spread for prices. Customs values are lognormal and
 * polluted by the very fraud we look for, so mean and standard deviation are
 * dragged by outliers; median and MAD are not (50 % breakdown point).
 */
export interface RobustSummary {
  n: number;
  median: number;
  mad: number;
}

/** 1.4826 × MAD estimates the standard deviation of normal data, so z-scores read as usual. */
export const MAD_TO_SIGMA = 1.4826;

/** Median and median absolute deviation; sorts `values` in place. */
export function robustSummary(values: Float64Array): RobustSummary {
  values.sort();
  const median = medianOfSorted(values);
  const deviations = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) deviations[i] = Math.abs(values[i] - median);
  deviations.sort();
  return { n: values.length, median, mad: medianOfSorted(deviations) };
}

/** (x − median) / (1.4826 · MAD), with the MAD floored so a group of identical prices gives a large but finite z. */
export function robustZ(x: number, s: RobustSummary, madFloor: number): number {
  return (x - s.median) / (MAD_TO_SIGMA * Math.max(s.mad, madFloor));
}

function medianOfSorted(v: Float64Array): number {
  const n = v.length;
  if (n === 0) return Number.NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}
