import type { Consignment } from '../declaration/record.js';
import type { Decision } from '../decision/decision.js';
import { canonicalJson, sha256Hex } from '../canonical-json.js';
import type { AuditEntry, AuditRecord } from './entry.js';
import { recordText } from './record-text.js';

export type { AuditEntry, AuditRecord } from './entry.js';

/** Hash before the first record of a chain that starts from nothing. */
export const GENESIS_HASH = '0'.repeat(64);

/** Format version: bumped if the hashed fields ever change, so old logs stay verifiable. */
export const AUDIT_FORMAT = 1;

export function consignmentHash(consignment: Consignment | Record<string, unknown>): string {
  return sha256Hex(canonicalJson(consignment));
}

/** The audit entry of a decision made on the consignment whose hash (consignmentHash) is given. */
export function auditEntry(decision: Decision, consignment: string): AuditEntry {
  const entry: AuditEntry = {
    v: AUDIT_FORMAT,
    id: decision.id,
    consignment,
    ruleset: decision.ruleset,
    hits: decision.hits.map((h) => ({ rule: h.rule, points: h.points, reason: h.reason })),
    score: decision.score,
    channel: decision.channel,
    decidedAt: decision.decidedAt,
  };
  if (decision.profile !== undefined) entry.profile = decision.profile;
  return entry;
}

/** chain hash = sha256(prev hash + canonical JSON of the record without its own hash). */
export function recordHash(record: Omit<AuditRecord, 'hash'> & { hash?: string }): string {
  return sha256Hex(record.prev + canonicalJson(record, 'hash'));
}

/**
 * Chains `entry` at `seq` after `prev`, in place (the entry becomes the
 * record), and returns the record's stored JSON: its canonical text with the
 * hash added. `prev` is a hex hash.
 */
export function sealRecord(e: AuditEntry, seq: number, prev: string): string {
  const json = recordText(e, seq, prev);
  const hash = sha256Hex(prev + json);
  const r = e as AuditRecord;
  r.seq = seq;
  r.prev = prev;
  r.hash = hash;
  return `${json.slice(0, -1)},"hash":"${hash}"}`;
}
