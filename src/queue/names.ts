// The names' defaults are settings (src/config/), read by the settings loader too.
import { DEFAULT_PREFIX } from '../config/queue-names.js';

export { DEFAULT_PREFIX, DEFAULT_QUEUE_NAMES, type QueueNames } from '../config/queue-names.js';

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
