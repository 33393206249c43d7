import type { Consignment } from '../consignment/record.js';
import type { Channel, Decision, Hit } from '../decision/decision.js';
import { canonicalJson, sha256Hex } from '../canonical-json.js';

/** Hash before the first record of a chain that starts from nothing. */
export const GENESIS_HASH = '0'.repeat(64);

/** Format version: bumped if the hashed fields ever change, so old logs stay verifiable. */
export const AUDIT_FORMAT = 1;

/**
 * What the audit trail keeps of one decision: enough to prove which rules,
 * rule set and profile produced which channel for which consignment, and
 * nothing that names a trader (the consignment is kept only as a hash).
 */
export interface AuditEntry {
  v: number;
  /** Consignment (declaration) id the decision is about. */
  id: string;
  /** sha256 of the canonical JSON of the consignment as received, before any purpose filter. */
  consignment: string;
  ruleset: string;
  profile?: string;
  hits: Hit[];
  score: number;
  channel: Channel;
  decidedAt: string;
}

/** An entry placed in the chain: its position, its predecessor's hash and its own. */
export interface AuditRecord extends AuditEntry {
  seq: number;
  prev: string;
  hash: string;
}

export function consignmentHash(consignment: Consignment | Record<string, unknown>): string {
  return sha256Hex(canonicalJson(consignment));
}

export function auditEntry(decision: Decision, consignment: Consignment | Record<string, unknown>): AuditEntry {
  const entry: AuditEntry = {
    v: AUDIT_FORMAT,
    id: decision.id,
    consignment: consignmentHash(consignment),
    ruleset: decision.ruleset,
    // Keys in sorted order, as sealRecord wants them.
    hits: decision.hits.map((h) => ({ points: h.points, reason: h.reason, rule: h.rule })),
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

/** A record placed in the chain, and its stored JSON (its canonical text with the hash added). */
export interface SealedRecord {
  record: AuditRecord;
  stored: string;
}

/**
 * Chains `entry` at `seq` after `prev`. The record is built with its keys in
 * sorted order (hits' too), so canonicalJson takes its one-native-call path:
 * this runs for every decision.
 */
export function sealRecord(e: AuditEntry, seq: number, prev: string): SealedRecord {
  const r = { channel: e.channel, consignment: e.consignment, decidedAt: e.decidedAt, hits: e.hits, id: e.id, prev } as AuditRecord;
  if (e.profile !== undefined) r.profile = e.profile;
  r.ruleset = e.ruleset;
  r.score = e.score;
  r.seq = seq;
  r.v = e.v;
  const json = canonicalJson(r);
  r.hash = sha256Hex(prev + json);
  return { record: r, stored: `${json.slice(0, -1)},"hash":"${r.hash}"}` };
}
