import type { Consignment } from '../declaration/record.js';
import { declarationDecider } from '../decision/declaration-decision.js';
import type { Decider, Decision } from '../decision/decision.js';
import { toRecord, decodePayload, type PayloadLimits, type Rejection } from './payload.js';

/**
 * What one job's payload turns into: decisions (with their dedupe keys, same
 * order) and rejections. A key is the declaration id, or for an amendment the
 * id qualified by its message (Declaration.key): exactly-once is per declaration
 * version, so an amendment is decided again and a resubmitted one is not.
 */
export interface ScoredPayload {
  ids: string[];
  decisions: Decision[];
  /** The validated consignments decided, same order (the audit trail hashes them): declarationRecord for one with items. */
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
  const { declarations, consignments, rejections } = decodePayload(data, payloadBytes, limits);
  const out: ScoredPayload = { ids: [], decisions: [], consignments: [], rejections };
  // Header-level rules (declaration.maxItemScore) need the split rule set: the engine's declaration decider has it.
  const decide = decider.declarations ?? declarationDecider(decider);
  for (let i = 0; i < declarations.length; i++) {
    const d = declarations[i];
    if (d.function === 'cancellation') {
      rejections.push({
        code: 'CANCELLATION_RECORDED',
        reason: `cancellation${d.message ? ` ${d.message}` : ''} of declaration ${d.id}: recorded, not scored`,
        id: d.id,
        payload: { id: d.id, function: d.function, ...(d.message ? { message: d.message } : {}) },
      });
      continue;
    }
    try {
      out.decisions.push(decide.decide(d, decidedAt));
      out.ids.push(d.key);
      out.consignments.push(consignments[i]);
    } catch (e) {
      rejections.push({
        code: 'SCORING_FAILED',
        reason: `rule set ${decider.rulesetId} could not score it: ${(e as Error).message}`,
        id: d.id,
        payload: d.flat ? toRecord(d.items[0]) : consignments[i],
      });
    }
  }
  return out;
}
