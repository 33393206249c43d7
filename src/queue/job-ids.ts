import { createHash } from 'node:crypto';

/**
 * Input job ids are derived from content so BullMQ ignores a resubmission
 * while the first job exists: `c-<consignment id>` for one consignment,
 * `b-<hash of the ordered ids>` for a batch. BullMQ forbids ":" in ids, hence
 * the encoding; a lone surrogate is encoded too (`%uD800`): BullMQ sends ids
 * to its scripts in one encoding and builds keys in another, and a job whose
 * id differs between them can never be completed.
 */
export function singleJobId(consignmentId: string): string {
  return `c-${consignmentId.replace(/[%:]|\p{Cs}/gu, (ch) =>
    ch === '%' || ch === ':' ? encodeURIComponent(ch) : `%u${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  )}`;
}

export function batchJobId(consignmentIds: readonly string[]): string {
  const h = createHash('sha256');
  for (const id of consignmentIds) h.update(id).update('\n');
  return `b-${h.digest('base64url').slice(0, 32)}`;
}
