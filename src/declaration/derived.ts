import type { Consignment } from './record.js';

/**
 * Facts that follow from one declaration alone, no history needed.
 * Ratios are undefined when the denominator is missing or zero: a missing fact
 * makes a comparison false instead of comparing against Infinity.
 */
export function valuePerKg(c: Consignment): number | undefined {
  return ratio(c.value, c.weight);
}

export function valuePerUnit(c: Consignment): number | undefined {
  return ratio(c.value, c.quantity);
}

export function taxRatio(c: Consignment): number | undefined {
  return ratio(c.taxes, c.value);
}

export function hsPrefix(c: Consignment, digits: 2 | 4 | 6): string | undefined {
  return c.hsCode === undefined ? undefined : c.hsCode.slice(0, digits);
}

/** Departure country differs from origin: the goods passed through a third country. */
export function transshipment(c: Consignment): boolean | undefined {
  if (c.origin === undefined || c.departure === undefined) return undefined;
  return c.origin !== c.departure;
}

function ratio(num: number | undefined, den: number | undefined): number | undefined {
  if (num === undefined || den === undefined || den === 0) return undefined;
  return num / den;
}
