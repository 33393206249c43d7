/**
 * Regularisation is chosen on the last months of train, as a rule set is
 * judged after it goes live: on declarations later than those it learnt from.
 */

/** Training spans at least this many calendar months before the last ones are held out. */
const MIN_MONTHS = 4;
const HELD_OUT_MONTHS = 2;
const HELD_OUT_SHARE = 0.25;

/**
 * 1 for the rows held out for validation: the last two calendar months when
 * train covers four or more, otherwise the latest quarter of the rows by date
 * (undated rows always fit).
 */
export function holdOutLastMonths(dates: readonly (string | undefined)[]): Uint8Array {
  const held = new Uint8Array(dates.length);
  const months = [...new Set(dates.filter((d): d is string => d !== undefined).map((d) => d.slice(0, 7)))].sort();
  if (months.length >= MIN_MONTHS) {
    const from = months[months.length - HELD_OUT_MONTHS];
    dates.forEach((d, i) => {
      if (d !== undefined && d.slice(0, 7) >= from) held[i] = 1;
    });
    return held;
  }
  const dated = dates.map((d, i) => ({ d, i })).filter((x): x is { d: string; i: number } => x.d !== undefined);
  dated.sort((a, b) => (a.d < b.d ? -1 : a.d > b.d ? 1 : a.i - b.i));
  const count = Math.floor(dated.length * HELD_OUT_SHARE);
  for (let k = dated.length - count; k < dated.length; k++) held[dated[k].i] = 1;
  return held;
}
