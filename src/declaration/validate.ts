import { RecordError } from '../errors.js';
import { BUILT_IN_FIELDS, type Consignment, type DeclarationFacts } from './record.js';

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

const HS_CODE = /^\d{6,10}$/;
const COUNTRY = /^[A-Z]{2}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/;
const BUILT_IN = new Set(BUILT_IN_FIELDS);
/** Keys that, copied into an ordinary object, would change its prototype: rules and the audit hash would then see different records. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Control, format (zero-width, bidi overrides, BOM), surrogate and line/paragraph separator characters. */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;
const EDGE_SPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;

export interface RecordPlace {
  line?: number;
  file?: string;
}

/**
 * Turns one raw record (a CSV row or a parsed JSON object whose keys are the
 * built-in field names) into a validated Consignment. Empty strings count as
 * absent, so CSV columns may be left blank.
 */
/** What a declaration adds to one of its items (declaration/declaration.ts); absent for a flat record. */
export interface ItemPlace {
  itemNumber: number;
  itemCount: number;
  declaration: DeclarationFacts;
}

export function toConsignment(raw: unknown, place: RecordPlace = {}, item?: ItemPlace): Consignment {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new RecordError('BAD_RECORD', 'a record must be a JSON object', place, 'send one object per consignment');
  }
  const r = raw as Record<string, unknown>;
  const id = readId(r.id, place);
  const at = { ...place, record: id };
  const date = readDate(r.date, at);
  const importer = readText(r.importer, 'importer', at);
  const declarant = readText(r.declarant, 'declarant', at);
  const exporter = readText(r.exporter, 'exporter', at);
  const hsCode = readHsCode(r.hsCode, at);
  const origin = readCountry(r.origin, 'origin', at);
  const departure = readCountry(r.departure, 'departure', at);
  const office = readText(r.office, 'office', at);
  const transportMode = readText(r.transportMode, 'transportMode', at);
  const quantity = readNumber(r.quantity, 'quantity', at);
  const weight = readNumber(r.weight, 'weight', at);
  const value = readNumber(r.value, 'value', at);
  const taxes = readNumber(r.taxes, 'taxes', at);
  const grossWeight = readNumber(r.grossWeight, 'grossWeight', at);
  const destination = readCountry(r.destination, 'destination', at);
  const procedure = readText(r.procedure, 'procedure', at);
  const preference = readText(r.preference, 'preference', at);
  const description = readText(r.description, 'description', at, LIMITS.maxDescriptionLength);
  const extra = readExtra(r, at);

  // Keys in sorted order, absent ones never set: the audit trail's canonical JSON of the consignment is then
  // a single JSON.stringify (canonical-json.ts), and no delete turns the object into a slow dictionary.
  const c = {} as Consignment;
  if (date !== undefined) c.date = date;
  if (declarant !== undefined) c.declarant = declarant;
  if (item) c.declaration = item.declaration;
  if (departure !== undefined) c.departure = departure;
  if (description !== undefined) c.description = description;
  if (destination !== undefined) c.destination = destination;
  if (exporter !== undefined) c.exporter = exporter;
  c.extra = extra;
  if (grossWeight !== undefined) c.grossWeight = grossWeight;
  if (hsCode !== undefined) c.hsCode = hsCode;
  c.id = id;
  if (importer !== undefined) c.importer = importer;
  if (item) c.itemCount = item.itemCount;
  if (item) c.itemNumber = item.itemNumber;
  if (office !== undefined) c.office = office;
  if (origin !== undefined) c.origin = origin;
  if (preference !== undefined) c.preference = preference;
  if (procedure !== undefined) c.procedure = procedure;
  if (quantity !== undefined) c.quantity = quantity;
  if (taxes !== undefined) c.taxes = taxes;
  if (transportMode !== undefined) c.transportMode = transportMode;
  if (value !== undefined) c.value = value;
  if (weight !== undefined) c.weight = weight;
  return c;
}

/** The attributes that are not built-in fields, checked, in sorted key order. */
function readExtra(r: Record<string, unknown>, at: RecordPlace): Record<string, unknown> {
  const keys: string[] = [];
  for (const key in r) {
    // Undefined is absence (a mapping's role the row lacks, such as an item number of a flat record).
    if (BUILT_IN.has(key) || !Object.hasOwn(r, key) || r[key] === undefined) continue;
    if (keys.length === LIMITS.maxExtraFields) {
      throw new RecordError(
        'TOO_MANY_FIELDS',
        `more than ${LIMITS.maxExtraFields} extra attributes`,
        at,
        'send only the attributes rules use',
      );
    }
    if (RESERVED_KEYS.has(key)) throw reservedKey(key, key, at);
    const v = r[key];
    if (typeof v === 'string' && v.length > LIMITS.maxStringLength) {
      throw tooLong(key, v, at);
    }
    if (v !== null && typeof v === 'object') {
      const problem = nestingProblem(v, LIMITS.maxDepth);
      if (problem === 'deep') {
        throw new RecordError(
          'TOO_DEEP',
          `nested more than ${LIMITS.maxDepth} levels deep`,
          { ...at, field: key },
          'send flat attributes',
        );
      }
      if (problem !== undefined) throw reservedKey(problem.key, key, at);
    }
    keys.push(key);
  }
  keys.sort();
  const extra: Record<string, unknown> = {};
  for (const key of keys) extra[key] = r[key];
  return extra;
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

function readId(v: unknown, place: RecordPlace): string {
  if (isBlank(v)) {
    throw new RecordError(
      'MISSING_ID',
      'the consignment has no id',
      { ...place, field: 'id' },
      'every record needs a unique "id"',
    );
  }
  if (typeof v !== 'string' && typeof v !== 'number') {
    throw new RecordError('BAD_ID', `id must be a string or a number, got ${describe(v)}`, { ...place, field: 'id' });
  }
  const text = String(v);
  const id = printableAscii(text) ? text.trim() : printableId(text, place);
  if (id.length > LIMITS.maxStringLength) throw tooLong('id', id, place);
  return id;
}

/** A non-ASCII id: refused if it holds a character that makes two ids look alike, else trimmed and in NFC. */
function printableId(text: string, place: RecordPlace): string {
  // Ordinary white space at the ends goes; the check comes before trim(), which would drop a BOM there too.
  const inner = text.replace(EDGE_SPACE, '');
  const bad = UNPRINTABLE.exec(inner);
  if (bad) {
    const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    throw new RecordError(
      'BAD_ID',
      `id holds an invisible or control character (U+${code} at position ${bad.index}): ids that look alike must be the same id`,
      { ...place, field: 'id' },
      'remove control, zero-width and bidi characters from the id',
    );
  }
  // One spelling per id: NFD "é" (e + combining accent) and NFC "é" are one consignment.
  return inner.trim().normalize('NFC');
}

/** Only printable ASCII (space to ~): the usual id, which needs neither the character check nor normalisation. */
function printableAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c > 126) return false;
  }
  return true;
}

function reservedKey(key: string, field: string, at: RecordPlace): RecordError {
  return new RecordError(
    'RESERVED_KEY',
    `the key "${key}" is reserved (it would change the record's prototype)`,
    { ...at, field },
    'rename the attribute',
  );
}

function readText(
  v: unknown,
  field: string,
  at: RecordPlace,
  max: number = LIMITS.maxStringLength,
): string | undefined {
  if (v === undefined || v === null) return undefined;
  let s: string;
  if (typeof v === 'string') s = untrimmed(v) ? v.trim() : v;
  else if (typeof v === 'number') s = String(v);
  else throw new RecordError('BAD_TYPE', `expected text, got ${describe(v)}`, { ...at, field });
  if (s === '') return undefined;
  if (s.length > max) throw tooLong(field, s, at, max);
  return s;
}

/** Could trim() change it? Not when it starts and ends with printable ASCII: the usual case, checked without a copy. */
function untrimmed(s: string): boolean {
  if (s.length === 0) return false;
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(s.length - 1);
  return first <= 32 || first >= 127 || last <= 32 || last >= 127;
}

function readHsCode(v: unknown, at: RecordPlace): string | undefined {
  const s = readText(v, 'hsCode', at);
  if (s === undefined || HS_CODE.test(s)) return s;
  const digits = s.replace(/[.\s]/g, '');
  if (!HS_CODE.test(digits)) {
    throw new RecordError(
      'BAD_HS_CODE',
      `"${s}" is not an HS code`,
      { ...at, field: 'hsCode' },
      'expected 6 to 10 digits, e.g. 610910 or 6109.10.00',
    );
  }
  return digits;
}

function readCountry(v: unknown, field: string, at: RecordPlace): string | undefined {
  const s = readText(v, field, at);
  if (s === undefined || COUNTRY.test(s)) return s;
  const code = s.toUpperCase();
  if (!COUNTRY.test(code)) {
    throw new RecordError(
      'BAD_COUNTRY',
      `"${s}" is not a country code`,
      { ...at, field },
      'expected an ISO 3166-1 alpha-2 code such as CN or DE',
    );
  }
  return code;
}

function readDate(v: unknown, at: RecordPlace): string | undefined {
  const s = readText(v, 'date', at);
  if (s === undefined || isPlainDay(s)) return s;
  const m = ISO_DATE.exec(s);
  if (!m || !isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]))) {
    throw new RecordError('BAD_DATE', `"${s}" is not a date`, { ...at, field: 'date' }, 'expected YYYY-MM-DD');
  }
  // A date-time: its day.
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** `YYYY-MM-DD` and a real day, read digit by digit: the usual form, without a regular expression's match. */
export function isPlainDay(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    year = year * 10 + d;
  }
  const m1 = s.charCodeAt(5) - 48,
    m2 = s.charCodeAt(6) - 48,
    d1 = s.charCodeAt(8) - 48,
    d2 = s.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return false;
  return isCalendarDay(year, m1 * 10 + m2, d1 * 10 + d2);
}

/** Arithmetic, not a Date per record: this runs for every consignment a worker receives. */
function isCalendarDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[month - 1]);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function readNumber(v: unknown, field: string, at: RecordPlace): number | undefined {
  if (typeof v !== 'number' && isBlank(v)) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.trim()) : Number.NaN;
  if (!Number.isFinite(n)) {
    throw new RecordError('BAD_NUMBER', `expected a number, got ${describe(v)}`, { ...at, field });
  }
  if (n < 0 || n > LIMITS.maxNumber) {
    throw new RecordError(
      'OUT_OF_RANGE',
      `${n} is out of range`,
      { ...at, field },
      `expected 0 to ${LIMITS.maxNumber}`,
    );
  }
  return n;
}

function tooLong(field: string, s: string, at: RecordPlace, max: number = LIMITS.maxStringLength): RecordError {
  return new RecordError('TOO_LONG', `${s.length} characters, over the limit of ${max}`, {
    ...at,
    field,
  });
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'an object' : String(v);
}

/** Nested deeper than `max`, or holding a reserved key at any depth? Iterative, so a hostile payload cannot overflow the stack. */
function nestingProblem(value: object, max: number): 'deep' | { key: string } | undefined {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) return 'deep';
    for (const key of Object.keys(v)) {
      if (RESERVED_KEYS.has(key) && !Array.isArray(v)) return { key };
      stack.push([(v as Record<string, unknown>)[key], depth + 1]);
    }
  }
  return undefined;
}
