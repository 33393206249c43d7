import type { Consignment } from '../consignment/record.js';
import { toConsignment } from '../consignment/validate.js';
import { generateDeclarations } from '../dataset/generate.js';
import { createDecider, createReferenceDecider, type DeciderOptions } from '../decision/decide.js';
import { ProfileBuilder } from '../features/build.js';
import { ProfileLookup } from '../features/lookup.js';
import { parseProfile, serializeProfile } from '../features/profile.js';

export interface ScoringBenchResult {
  rows: number;
  compiled_per_s: number;
  reference_per_s: number;
  ratio: number;
}

/** Generated consignments, validated once up front: the bench times scoring, not parsing. */
export function benchConsignments(rows: number, seed: number): Consignment[] {
  const out: Consignment[] = [];
  for (const row of generateDeclarations({ rows, seed })) out.push(toConsignment(row));
  return out;
}

/** A profile built from generated history with the same traders and goods as the bench consignments. */
export function benchProfile(rows: number, seed: number): ProfileLookup {
  const builder = new ProfileBuilder();
  let line = 0;
  for (const row of generateDeclarations({ rows, seed })) {
    builder.add({ line: ++line, consignment: toConsignment(row), illicit: row.illicit, revenue: row.revenue });
  }
  return new ProfileLookup(parseProfile(serializeProfile(builder.finish().body).text));
}

/**
 * Consignments per second through the compiled decider: the median of `passes`
 * runs over the same consignments (a batch shares one decision time, as in the worker).
 */
export function compiledPerSecond(opts: DeciderOptions, consignments: Consignment[], passes = 5): number {
  const decider = createDecider(opts);
  const rates: number[] = [];
  for (let p = 0; p < passes; p++) {
    const now = new Date();
    const t0 = process.hrtime.bigint();
    for (const c of consignments) decider.decide(c, now);
    rates.push(consignments.length / (Number(process.hrtime.bigint() - t0) / 1e9));
  }
  return median(rates);
}

/** One pass of json-rules-engine over the same consignments (it is too slow to repeat). */
export async function referencePerSecond(opts: DeciderOptions, consignments: Consignment[]): Promise<number> {
  const decider = createReferenceDecider(opts);
  const now = new Date();
  const t0 = process.hrtime.bigint();
  for (const c of consignments) await decider.decide(c, now);
  return consignments.length / (Number(process.hrtime.bigint() - t0) / 1e9);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
