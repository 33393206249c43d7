import { createHash } from 'node:crypto';
import { LIMITS } from '../declaration/field-checks.js';

/**
 * Hostile payloads are measured before anything recursive sees them:
 * JSON.stringify (BullMQ's Job.asJSON, the rejection written back) overflows
 * the stack near 10,000 levels, and a job whose rejection cannot be written
 * fails, with it, every job committed in its group.
 */

/** A batch (1) of records (2) whose extra attributes nest up to LIMITS.maxDepth: deeper is refused whole. */
export const MAX_PAYLOAD_DEPTH = LIMITS.maxDepth + 2;

/** How much of a refused payload is kept in its rejection. */
export const KEPT_PAYLOAD_BYTES = 64 * 1024;

/** What a rejection stores instead of a payload too large or too deep to keep: its start and the hash of the whole. */
export interface TruncatedPayload {
  truncated: true;
  /** Size of the whole payload's JSON text in bytes. */
  bytes: number;
  /** sha256 (hex) of the whole JSON text: matches the producer's copy. */
  sha256: string;
  /** The first KEPT_PAYLOAD_BYTES bytes of the JSON text (a character cut in two is dropped). */
  head: string;
}

export function truncatedPayload(text: string): TruncatedPayload {
  const bytes = Buffer.from(text);
  let end = Math.min(bytes.length, KEPT_PAYLOAD_BYTES);
  // Back off to the start of a UTF-8 character rather than keep half of one.
  if (end < bytes.length) while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return {
    truncated: true,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    head: bytes.subarray(0, end).toString(),
  };
}

/** Does JSON text nest objects and arrays deeper than `max`? One pass over the characters, no parsing. */
export function jsonTooDeep(text: string, max = MAX_PAYLOAD_DEPTH): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // Skip the string, escapes included: brackets inside it are text.
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 92 /* \ */) i++;
        else if (s === 34) break;
      }
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) return true;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
    }
  }
  return false;
}

/** Is a value nested deeper than `max`? Iterative, and it stops at the first level too deep. */
export function valueTooDeep(value: unknown, max = MAX_PAYLOAD_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/** A payload as a rejection may store it: as is when it is shallow enough to serialize, else a marker without its depth. */
export function storablePayload(value: unknown): unknown {
  if (!valueTooDeep(value)) return value;
  return { truncated: true, reason: `nested more than ${MAX_PAYLOAD_DEPTH} levels deep: not stored` };
}
