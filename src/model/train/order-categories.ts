/** Scratch reused across leaves: a leaf with thousands of categories would otherwise allocate per split search. */
let keys = new Float64Array(0);
let sorted = new Float64Array(0);
let bins = new Int32Array(0);
let taken = new Int32Array(0);
let out = new Int32Array(0);

/**
 * The bins of a categorical feature with at least `catSmooth` rows in the
 * leaf, ordered by gradient / (hessian + cat_smooth), ties by bin (LightGBM's
 * stable sort). Sorting the keys natively and placing each bin at its key's
 * first position (after the equal keys placed before it) gives that order
 * without a comparator call per comparison, several times faster on
 * thousands of categories. The result is a view of scratch: read it before
 * the next call.
 */
export function orderByCtr(hist: Float64Array, at: number, numBins: number, catSmooth: number): Int32Array {
  if (keys.length < numBins) {
    keys = new Float64Array(numBins);
    sorted = new Float64Array(numBins);
    bins = new Int32Array(numBins);
    taken = new Int32Array(numBins);
    out = new Int32Array(numBins);
  }
  let n = 0;
  for (let t = 1; t < numBins; t++) {
    const k = at + 3 * t;
    if (hist[k + 2] < catSmooth) continue;
    keys[n] = hist[k] / (hist[k + 1] + catSmooth);
    bins[n++] = t;
  }
  const order = sorted.subarray(0, n);
  order.set(keys.subarray(0, n));
  order.sort();
  const result = out.subarray(0, n);
  taken.fill(0, 0, n);
  for (let i = 0; i < n; i++) {
    // First position whose key is not below this one: -0 and 0 land together, as they compare equal.
    const v = keys[i];
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (order[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    result[lo + taken[lo]++] = bins[i];
  }
  return result;
}
