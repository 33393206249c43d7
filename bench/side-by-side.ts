import type { Consignment } from '../src/declaration/record.js';

/** Scores a chunk of consignments; resolves when done. */
export type Contender = (chunk: readonly Consignment[], now: Date) => unknown;

export interface ContenderSpec {
  run: Contender;
  /** Timed runs per chunk (the median counts): more for fast contenders, 1 for the slow reference. */
  repeat: number;
}

/**
 * Consignments per second for each contender, measured side by side: the
 * consignments are cut into chunks and every contender runs each chunk in
 * turn, so a burst of load on this shared machine hits all of them alike.
 * One untimed warm-up pass first lets the JIT settle.
 */
export async function sideBySide(
  contenders: Record<string, ContenderSpec>,
  consignments: readonly Consignment[],
  chunks = 20,
): Promise<Record<string, number>> {
  const size = Math.ceil(consignments.length / chunks);
  const seconds: Record<string, number> = {};
  for (const [name, c] of Object.entries(contenders)) {
    seconds[name] = 0;
    await c.run(consignments.slice(0, Math.min(size, 5000)), new Date());
  }
  for (let start = 0; start < consignments.length; start += size) {
    const chunk = consignments.slice(start, start + size);
    for (const [name, c] of Object.entries(contenders)) {
      const times: number[] = [];
      for (let r = 0; r < c.repeat; r++) {
        const now = new Date();
        const t0 = process.hrtime.bigint();
        await c.run(chunk, now);
        times.push(Number(process.hrtime.bigint() - t0) / 1e9);
      }
      seconds[name] += median(times);
    }
  }
  return Object.fromEntries(Object.entries(seconds).map(([k, s]) => [k, consignments.length / s]));
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
