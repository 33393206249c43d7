import type { BinDesign } from './logistic.js';

/*
 * Row-wise reads of a one-hot bin design (calibrate.ts): subsets, per-row
 * sums, per-bin shares.
 */

/** Each training row's sum over its columns. */
export function totals(design: BinDesign, perColumn: Float64Array): Float64Array {
  const out = new Float64Array(design.rows);
  for (let i = 0; i < design.rows; i++) {
    let s = 0;
    for (let f = 0; f < design.facts; f++) {
      const c = design.codes[i * design.facts + f];
      if (c >= 0) s += perColumn[c];
    }
    out[i] = s;
  }
  return out;
}

/** Each column's share of the rows (all, or only `rows`). */
export function binShares(design: BinDesign, rows?: readonly number[]): Float64Array {
  const counts = new Float64Array(design.columns);
  const pick = rows ?? Array.from({ length: design.rows }, (_, i) => i);
  for (const i of pick) {
    for (let f = 0; f < design.facts; f++) {
      const c = design.codes[i * design.facts + f];
      if (c >= 0) counts[c]++;
    }
  }
  return counts.map((x) => (pick.length ? x / pick.length : 0));
}

/** Each row's points from the hand-written rules and the written bins (all rows, or only `rows`). */
export function combinedPoints(design: BinDesign, columnPoints: Float64Array, rows?: readonly number[]): Float64Array {
  const pick = rows ?? Array.from({ length: design.rows }, (_, i) => i);
  return Float64Array.from(pick, (i) => {
    let s = design.covariate ? design.covariate[i] : 0;
    for (let f = 0; f < design.facts; f++) {
      const c = design.codes[i * design.facts + f];
      if (c >= 0) s += columnPoints[c];
    }
    return s;
  });
}

export function rowsWhere(mask: Uint8Array, value: number): number[] {
  const out: number[] = [];
  mask.forEach((m, i) => {
    if (m === value) out.push(i);
  });
  return out;
}

export function subset(
  design: BinDesign,
  y: Uint8Array,
  rows: readonly number[],
): { design: BinDesign; y: Uint8Array } {
  const codes = new Int32Array(rows.length * design.facts);
  const labels = new Uint8Array(rows.length);
  const covariate = design.covariate ? new Float64Array(rows.length) : undefined;
  rows.forEach((r, i) => {
    codes.set(design.codes.subarray(r * design.facts, (r + 1) * design.facts), i * design.facts);
    labels[i] = y[r];
    if (covariate) covariate[i] = design.covariate![r];
  });
  return { design: { ...design, rows: rows.length, codes, ...(covariate ? { covariate } : {}) }, y: labels };
}

export function countOnes(y: Uint8Array): number {
  let s = 0;
  for (const v of y) s += v;
  return s;
}
