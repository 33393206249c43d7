import { createHash } from 'node:crypto';

/**
 * Random inspection, reproducible: the same id and seed always give the same
 * answer, so a re-run or another worker selects the same consignments and the
 * selected sample is independent of the score (no selection bias).
 */
export function isRandomlySelected(id: string, seed: string, rate: number): boolean {
  if (rate <= 0) return false;
  const h = createHash('sha256').update(seed).update('\0').update(id).digest();
  return h.readUInt32BE(0) / 0x1_0000_0000 < rate;
}
