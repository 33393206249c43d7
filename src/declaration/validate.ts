import { RecordError } from '../errors.js';
import { calendarDayOf } from './calendar-day.js';
import { readExtra } from './extra-attributes.js';
import { describe, isBlank, LIMITS, tooLong, type RecordPlace } from './field-checks.js';
import type { Consignment, DeclarationFacts } from './record.js';

const HS_CODE = /^\d{6,10}$/;
const COUNTRY = /^[A-Z]{2}$/;
/** Control, format (zero-width, bidi overrides, BOM), surrogate and line/paragraph separator characters. */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;
const EDGE_SPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;

/** What a declaration adds to one of its items (declaration/declaration.ts); absent for a flat record. */
export interface ItemPlace {
  itemNumber: number;
  itemCount: number;
  declaration: DeclarationFacts;
}

/**
 * Turns one raw record (a CSV row or a parsed JSON object whose keys are the
 * built-in field names) into a validated Consignment. Empty strings count as
 * absent, so CSV columns may be left blank.
 */

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
  if (s === undefined) return s;
  const day = calendarDayOf(s);
  if (day === undefined)
    throw new RecordError('BAD_DATE', `"${s}" is not a date`, { ...at, field: 'date' }, 'expected YYYY-MM-DD');
  return day;
}

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
