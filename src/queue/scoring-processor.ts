import type { Consignment } from '../declaration/record.js';
import type { Decider, Decision } from '../decision/decision.js';
import { toRecord, decodePayload, type PayloadLimits, type Rejection } from './payload.js';

/** What one job's payload turns into: decisions (with their consignment ids, same order) and rejections. */
export interface ScoredPayload {
  ids: string[];
  decisions: Decision[];
  /** The validated consignments decided, same order (the audit trail hashes them). */
  consignments: Consignment[];
  rejections: Rejection[];
}

/**
 * Decodes a job payload and scores every valid consignment with one decider,
 * so a whole job is decided by one rule set even if a reload happens meanwhile.
 * A consignment the decider throws on is rejected, not allowed to sink the batch.
 */
export function scorePayload(
  data: unknown,
  payloadBytes: number,
  decider: Decider,
  limits: PayloadLimits,
  decidedAt = new Date(),
): ScoredPayload {
  const { consignments, rejections } = decodePayload(data, payloadBytes, limits);
  const out: ScoredPayload = { ids: [], decisions: [], consignments: [], rejections };
  for (const c of consignments) {
    try {
      out.decisions.push(decider.decide(c, decidedAt));
      out.ids.push(c.id);
      out.consignments.push(c);
    } catch (e) {
      rejections.push({
        code: 'SCORING_FAILED',
        reason: `rule set ${decider.rulesetId} could not score it: ${(e as Error).message}`,
        id: c.id,
        payload: toRecord(c),
      });
    }
  }
  return out;
}
