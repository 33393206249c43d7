import type { ErrorCode } from '../error-codes.js';
import { TargetingError } from '../errors.js';
import { BUILT_IN_FIELDS, HEADER_FIELDS, type Consignment } from '../declaration/record.js';
import { declarationRecord, toDeclaration, type Declaration } from '../declaration/declaration.js';
import { jsonTooDeep, MAX_PAYLOAD_DEPTH, storablePayload, truncatedPayload, valueTooDeep } from './payload-bounds.js';

/**
 * Why (part of) a job could not be scored, with what was sent. `index` is the
 * position in a batch; absent when the whole payload is refused.
 */
export interface Rejection {
  code: ErrorCode;
  reason: string;
  index?: number;
  id?: string;
  payload: unknown;
}

export interface PayloadLimits {
  batchMax: number;
  maxPayloadBytes: number;
}

export interface DecodedPayload {
  /** Flat records are declarations of one item (declaration/declaration.ts). */
  declarations: Declaration[];
  /** Each declaration as the audit trail hashes it, same order: a flat record's consignment itself (declarationRecord). */
  consignments: Consignment[];
  rejections: Rejection[];
}

/**
 * A job payload is one flat consignment record (built-in fields plus extra
 * attributes, as in an NDJSON line), an array of them (a batch), or the same as
 * JSON text from a producer that did not let BullMQ serialize it. Anything else
 * is refused with a reason; a bad record in a batch refuses that record only.
 */
export function decodePayload(data: unknown, payloadBytes: number, limits: PayloadLimits): DecodedPayload {
  const whole = (code: ErrorCode, reason: string): DecodedPayload => ({
    declarations: [],
    consignments: [],
    rejections: [{ code, reason, payload: storablePayload(data) }],
  });
  const refused = (rejection: Rejection): DecodedPayload => ({
    declarations: [],
    consignments: [],
    rejections: [rejection],
  });
  if (payloadBytes > limits.maxPayloadBytes) {
    if (typeof data !== 'string' && valueTooDeep(data)) return whole('TOO_DEEP', tooDeepReason());
    return refused(tooLarge(payloadBytes, limits, typeof data === 'string' ? data : JSON.stringify(data)));
  }
  let value = data;
  if (typeof value === 'string') {
    if (jsonTooDeep(value)) return refused(tooDeep(value));
    try {
      value = JSON.parse(value);
    } catch (e) {
      return whole('BAD_JSON', `payload is not JSON (${(e as Error).message})`);
    }
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return whole('EMPTY_BATCH', 'the batch holds no consignment');
    if (value.length > limits.batchMax) {
      return whole(
        'BATCH_TOO_LARGE',
        `batch of ${value.length} consignments is over the maximum of ${limits.batchMax} (BATCH_MAX)`,
      );
    }
    return decodeBatch(value);
  }
  if (value === null || typeof value !== 'object') {
    return whole(
      'BAD_PAYLOAD',
      `payload must be a consignment object or an array of them, got ${value === null ? 'null' : typeof value}`,
    );
  }
  const one = decodeRecord(value, undefined);
  return 'declaration' in one
    ? { declarations: [one.declaration], consignments: [declarationRecord(one.declaration)], rejections: [] }
    : { declarations: [], consignments: [], rejections: [one.rejection] };
}

function decodeBatch(records: unknown[]): DecodedPayload {
  const out: DecodedPayload = { declarations: [], consignments: [], rejections: [] };
  const seen = new Map<string, number>();
  records.forEach((record, index) => {
    const one = decodeRecord(record, index);
    if ('rejection' in one) {
      out.rejections.push(one.rejection);
      return;
    }
    // An amendment has its own key (id and message): it is not a duplicate of its original.
    const key = one.declaration.key;
    const first = seen.get(key);
    if (first !== undefined) {
      out.rejections.push({
        code: 'DUPLICATE_ID',
        reason: `id "${key}" already appears at index ${first} of this batch`,
        index,
        id: key,
        payload: record,
      });
      return;
    }
    seen.set(key, index);
    out.declarations.push(one.declaration);
    out.consignments.push(declarationRecord(one.declaration));
  });
  return out;
}

function decodeRecord(
  record: unknown,
  index: number | undefined,
): { declaration: Declaration } | { rejection: Rejection } {
  try {
    return { declaration: toDeclaration(record) };
  } catch (e) {
    if (!(e instanceof TargetingError)) throw e;
    const at = index === undefined ? '' : `batch index ${index}: `;
    const id = e.where.record;
    // A record nested too deep to validate is too deep to store as JSON as well: keep its fields, not its depth.
    const payload = e.code === 'TOO_DEEP' ? shallowCopy(record) : storablePayload(record);
    return {
      rejection: {
        code: e.code,
        reason: at + e.message,
        ...(index !== undefined ? { index } : {}),
        ...(id !== undefined ? { id } : {}),
        payload,
      },
    };
  }
}

function shallowCopy(record: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record as Record<string, unknown>))
    out[k] = v !== null && typeof v === 'object' ? '[nested too deep: not stored]' : v;
  return out;
}

/** A whole payload over MAX_PAYLOAD_BYTES, given its JSON text: the rejection keeps its start and the hash of the whole. */
export function tooLarge(bytes: number, limits: PayloadLimits, text: string): Rejection {
  return {
    code: 'PAYLOAD_TOO_LARGE',
    reason: `payload of ${bytes} bytes is over the limit of ${limits.maxPayloadBytes} (MAX_PAYLOAD_BYTES)`,
    payload: truncatedPayload(text),
  };
}

/** A whole payload nested deeper than any consignment, given its JSON text. */
export function tooDeep(text: string): Rejection {
  return { code: 'TOO_DEEP', reason: tooDeepReason(), payload: truncatedPayload(text) };
}

function tooDeepReason(): string {
  return `payload nested more than ${MAX_PAYLOAD_DEPTH} levels deep: a consignment record is flat (extra attributes nest at most ${MAX_PAYLOAD_DEPTH - 2})`;
}

/** The wire form of a consignment: built-in fields and extra attributes side by side, as toConsignment reads them. */
export function toRecord(c: Consignment): Record<string, unknown> {
  // A plain loop: object rest/spread here cost a fifth of the producer's time in the e2e bench.
  const out: Record<string, unknown> = {};
  for (const key of BUILT_IN_FIELDS) {
    const v = c[key as keyof Consignment];
    if (v !== undefined) out[key] = v;
  }
  for (const key in c.extra) out[key] = c.extra[key];
  return out;
}

/**
 * The wire form of a declaration, as toDeclaration reads it back: a flat
 * record's toRecord; otherwise the header fields, the message fields and each
 * item's own fields and attributes under `items` (header attributes travel
 * with the items: a view does not know which of its attributes came from the header).
 */
export function toDeclarationRecord(d: Declaration): Record<string, unknown> {
  if (d.flat) return toRecord(d.items[0]);
  const out: Record<string, unknown> = {};
  const first = d.items[0];
  for (const key of HEADER_FIELDS) {
    const v = key === 'id' ? d.id : first?.[key];
    if (v !== undefined) out[key] = v;
  }
  if (d.function !== 'original') out.function = d.function;
  if (d.message !== undefined) out.message = d.message;
  if (d.amends !== undefined) out.amends = d.amends;
  out.items = d.items.map((c) => {
    const item: Record<string, unknown> = { itemNumber: c.itemNumber };
    for (const key of BUILT_IN_FIELDS) {
      const v = c[key as keyof Consignment];
      if (v !== undefined && !HEADER.has(key)) item[key] = v;
    }
    for (const key in c.extra) item[key] = c.extra[key];
    return item;
  });
  return out;
}

const HEADER = new Set<string>(HEADER_FIELDS);
