import type { Channel, Hit } from '../decision/decision.js';

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
