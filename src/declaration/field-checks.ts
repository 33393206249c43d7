import { RecordError } from '../errors.js';

/** Where a record came from, for the errors that name it. */
export interface RecordPlace {
  line?: number;
  file?: string;
}

/** Input limits: a record past them is rejected, never truncated. */
export const LIMITS = {
  maxStringLength: 256,
  /** Goods descriptions run longer than codes and names (CDS allows 512 characters). */
  maxDescriptionLength: 1024,
  maxExtraFields: 200,
  maxNumber: 1e15,
  /** Nesting of an extra attribute's value (objects and arrays): deeper is never a declaration, often an attack. */
  maxDepth: 8,
} as const;

/** Absent, null or only white space: a CSV column left blank. */
export function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

export function tooLong(field: string, s: string, at: RecordPlace, max: number = LIMITS.maxStringLength): RecordError {
  return new RecordError('TOO_LONG', `${s.length} characters, over the limit of ${max}`, {
    ...at,
    field,
  });
}

/** A bad value as a message shows it: strings quoted and cut at 40 characters, objects by their kind. */
export function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'an object' : String(v);
}
