import { chainEntries, GENESIS } from '../audit/chain.js';
import { auditEntry, consignmentHash } from '../audit/record.js';
import { generateDeclarations } from '../dataset/generate.js';
import type { Decider } from '../decision/decision.js';
import type { PayloadLimits } from './payload.js';
import { scorePayload } from './scoring-processor.js';

/**
 * Runs a worker's hot path — payload decoding and validation, the compiled
 * rules, the audit record — on generated declarations before it takes jobs
 * (and before a reloaded rule set serves), so V8 has optimised it before the
 * first real consignments pay for that: a fresh worker's first second of
 * traffic is its slowest. About 150 ms at start; nothing is written anywhere.
 */
export function warmUp(decider: Decider, limits: PayloadLimits, rounds = 10): void {
  const records = [...generateDeclarations({ rows: 1000, seed: 7 })].map(
    ({ illicit: _i, revenue: _r, pattern: _p, ...record }) => record,
  );
  const batch = JSON.stringify(records.slice(0, Math.min(records.length, limits.batchMax)));
  for (let round = 0; round < rounds; round++) {
    const scored = scorePayload(JSON.parse(batch), batch.length, decider, limits);
    chainEntries(
      GENESIS,
      scored.decisions.map((d, i) => auditEntry(d, consignmentHash(scored.consignments[i]))),
    );
    JSON.stringify(scored.decisions);
    for (let i = 0; i < 100; i++) scorePayload(records[(round * 100 + i) % records.length], 0, decider, limits);
  }
}
