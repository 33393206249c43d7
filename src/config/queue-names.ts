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
