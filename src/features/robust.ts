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

/** Median and median absolute deviation in linear time (selection, not sorting); reorders `values`. */
export function robustSummary(values: Float64Array): RobustSummary {
  const median = medianOf(values);
  const deviations = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) deviations[i] = Math.abs(values[i] - median);
  return { n: values.length, median, mad: medianOf(deviations) };
}

/** (x − median) / (1.4826 · MAD), with the MAD floored so a group of identical prices gives a large but finite z. */
export function robustZ(x: number, s: RobustSummary, madFloor: number): number {
  return (x - s.median) / (MAD_TO_SIGMA * Math.max(s.mad, madFloor));
}

function medianOf(v: Float64Array): number {
  const n = v.length;
  if (n === 0) return Number.NaN;
  const mid = n >> 1;
  const upper = select(v, mid);
  if (n % 2 === 1) return upper;
  // After selection everything left of `mid` is ≤ v[mid]: the lower middle is their maximum.
  let lower = v[0];
  for (let i = 1; i < mid; i++) if (v[i] > lower) lower = v[i];
  return (lower + upper) / 2;
}

/** The k-th smallest value (Hoare's quickselect, middle pivot); partially reorders `v`. */
function select(v: Float64Array, k: number): number {
  let lo = 0;
  let hi = v.length - 1;
  while (lo < hi) {
    const pivot = v[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (v[i] < pivot) i++;
      while (v[j] > pivot) j--;
      if (i <= j) {
        const t = v[i];
        v[i] = v[j];
        v[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return v[k];
  }
  return v[k];
}
