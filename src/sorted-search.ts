/** Index of the first element ≥ x in a sorted array: how many are strictly below x. */
export function lowerBound(sorted: ArrayLike<number>, x: number): number {
  return firstPast(sorted, x, false);
}

/** Index of the first element > x in a sorted array: how many are at or below x. */
export function upperBound(sorted: ArrayLike<number>, x: number): number {
  return firstPast(sorted, x, true);
}

function firstPast(sorted: ArrayLike<number>, x: number, orEqual: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x || (orEqual && sorted[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
