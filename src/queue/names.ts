/**
 * Queue names and the key prefix. BullMQ keys are `<prefix>:<queue>:<suffix>`;
 * wrapping the prefix in a Redis Cluster hash tag (`{targeting}`) puts every key
 * of every queue under that prefix in one slot, which BullMQ's multi-key Lua
 * scripts require on a cluster. Separate prefixes (one per targeting centre)
 * spread load over cluster nodes.
 */
export interface QueueNames {
  /** Input: one consignment or a batch per job. */
  consignments: string;
  /** Output: the decisions of one input job per job. */
  decisions: string;
  /** Bad input: the reason and the original payload. */
  rejected: string;
}

export const DEFAULT_QUEUE_NAMES: QueueNames = {
  consignments: 'consignments',
  decisions: 'decisions',
  rejected: 'rejected',
};

export const DEFAULT_PREFIX = 'targeting';

/** `targeting` → `{targeting}`; a prefix that already carries a hash tag is kept as is. */
export function hashTaggedPrefix(prefix: string): string {
  return /\{[^}]+\}/.test(prefix) ? prefix : `{${prefix}}`;
}

/** A key of ours (not BullMQ's) that lands in the same slot as the queues. */
export function ownKey(prefix: string, ...parts: string[]): string {
  return [hashTaggedPrefix(prefix), ...parts].join(':');
}

/** The audit stream next to a prefix's queues (same cluster slot): `{targeting}:audit`. */
export function auditStreamKey(prefix: string = DEFAULT_PREFIX): string {
  return ownKey(prefix, 'audit');
}
