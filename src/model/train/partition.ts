import type { BinnedMatrix } from './binned-matrix.js';
import type { Split } from './split.js';

/**
 * Splits a leaf's rows `order[begin..end)` in place, stably: those going left
 * first (their count is returned), then the others, through `scratch`. One
 * loop per kind of split, without a call per row.
 */
export function partition(
  data: BinnedMatrix,
  s: Split,
  order: Uint32Array,
  scratch: Uint32Array,
  begin: number,
  end: number,
): number {
  const bins = data.features[s.feature].bins;
  const r = s.categorical
    ? byMask(bins, categoryMask(s.leftBins, data.features[s.feature].numBins), order, scratch, begin, end)
    : byThreshold(bins, s.binThreshold, s.defaultLeft, order, scratch, begin, end);
  const mid = end - r;
  order.set(scratch.subarray(0, r), mid);
  return mid - begin;
}

/** Bins sent left, as a lookup by bin. */
export function categoryMask(leftBins: readonly number[], numBins: number): Uint8Array {
  const mask = new Uint8Array(numBins);
  for (const b of leftBins) mask[b] = 1;
  return mask;
}

/** Returns how many rows went right (into scratch). */
function byThreshold(
  bins: Uint8Array | Uint16Array,
  t: number,
  missingLeft: boolean,
  order: Uint32Array,
  scratch: Uint32Array,
  begin: number,
  end: number,
): number {
  // Bins 1..t go left, and the missing bin 0 when missing goes left.
  const lo = missingLeft ? 0 : 1;
  let mid = begin;
  let r = 0;
  for (let i = begin; i < end; i++) {
    const row = order[i];
    const b = bins[row];
    if (b >= lo && b <= t) order[mid++] = row;
    else scratch[r++] = row;
  }
  return r;
}

function byMask(
  bins: Uint8Array | Uint16Array,
  mask: Uint8Array,
  order: Uint32Array,
  scratch: Uint32Array,
  begin: number,
  end: number,
): number {
  let mid = begin;
  let r = 0;
  for (let i = begin; i < end; i++) {
    const row = order[i];
    if (mask[bins[row]] === 1) order[mid++] = row;
    else scratch[r++] = row;
  }
  return r;
}
