import type { Hit } from './decision.js';

/**
 * Random inspection, reproducible: the same id and seed always give the same
 * answer, so a re-run or another worker selects the same consignments, and the
 * selected sample is independent of the score (no selection bias). The hash is
 * cyrb53 (fast, well mixed, not cryptographic): keep the seed confidential so
 * traders cannot compute which declarations will be drawn.
 */
export function isRandomlySelected(id: string, seed: string, rate: number): boolean {
  if (rate <= 0) return false;
  return cyrb53(`${seed}\0${id}`) / 2 ** 53 < rate;
}

/** The name of the hit a random selection carries. */
export const RANDOM_SELECTION_RULE = 'random-selection';

/**
 * The hit a randomly selected decision carries, so an officer reads why it went red. Worth no points: the score
 * stays the rules' own, and the sample stays independent of it.
 */
export function randomSelectionHit(rate: number): Hit {
  return {
    rule: RANDOM_SELECTION_RULE,
    points: 0,
    reason: `selected at random for compliance measurement, rate ${Number((rate * 100).toPrecision(3))} %`,
  };
}

function cyrb53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
