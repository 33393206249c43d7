import { RecordError, TargetingError, type ErrorLocation } from '../errors.js';
import { HEADER_FIELDS, type Consignment, type DeclarationFacts } from './record.js';
import { LIMITS, type RecordPlace } from './field-checks.js';
import { toConsignment } from './validate.js';

/** What a message does to its declaration: lodge it, amend it (decided again) or cancel it (recorded, not scored). */
export type DeclarationFunction = 'original' | 'amendment' | 'cancellation';

/**
 * A declaration as customs lodges it: a header and one or more goods items.
 * Each item is kept joined with its header (a Consignment, the unit rules,
 * profiles and models score), so scoring an item never copies the header
 * again; the header is what the items share (`headerOf`).
 */
export interface Declaration {
  id: string;
  /**
   * What exactly-once deduplicates on: the id for an original; for an
   * amendment the id qualified by the amending message (`<id>~<message>`),
   * so an amendment is decided again, never dropped as a duplicate of the original.
   */
  key: string;
  function: DeclarationFunction;
  /** The message's own reference (WCO FunctionalReferenceID), when it has one. */
  message?: string;
  /** The declaration an amendment or cancellation applies to. */
  amends?: string;
  /** The goods items, each seen with its header, in item order. A cancellation has none. */
  items: Consignment[];
  /** A flat record (no `items`): one item, decided and reported exactly as a consignment. */
  flat: boolean;
}

/** Most items one declaration may carry (CDS and the Union Customs Code allow 999). */
export const MAX_ITEMS = 999;

const HEADER = new Set<string>(HEADER_FIELDS);
const VERSION_KEYS = new Set(['items', 'function', 'message', 'amends']);
const FUNCTIONS: readonly DeclarationFunction[] = ['original', 'amendment', 'cancellation'];

/**
 * A raw declaration (an NDJSON line, a queue job, a grouped CSV declaration or
 * a WCO message) validated: a record without `items` is a flat record (one
 * item, today's consignment); with `items`, the top-level fields are the
 * header and each item's own fields are its goods item. An error names the
 * item as `items[i].field` (i from 0).
 */
export function toDeclaration(raw: unknown, place: RecordPlace = {}): Declaration {
  if (
    raw === null ||
    typeof raw !== 'object' ||
    Array.isArray(raw) ||
    (raw as { items?: unknown }).items === undefined
  ) {
    const c = toConsignment(raw, place);
    return { id: c.id, key: c.id, function: 'original', items: [c], flat: true };
  }
  const r = raw as Record<string, unknown>;
  const header: Record<string, unknown> = {};
  for (const key in r) if (!VERSION_KEYS.has(key) && Object.hasOwn(r, key)) header[key] = r[key];
  // The header alone first: its errors name header fields, and the id is known for the items' errors.
  const head = toConsignment(header, place);
  const at = { ...place, record: head.id };
  const fn = readFunction(r.function, at);
  const message = optionalText(r.message, 'message', at);
  const amends = optionalText(r.amends, 'amends', at);
  const version = {
    id: head.id,
    key: fn === 'amendment' ? `${head.id}~${message ?? ''}` : head.id,
    function: fn,
    ...(message !== undefined ? { message } : {}),
    ...(amends !== undefined ? { amends } : fn !== 'original' ? { amends: head.id } : {}),
  };
  if (fn === 'amendment' && message === undefined)
    throw new RecordError(
      'MISSING_MESSAGE',
      'an amendment needs the reference of its own message',
      { ...at, field: 'message' },
      'set "message" (WCO FunctionalReferenceID) so the amendment is decided as a new version',
    );
  if (!Array.isArray(r.items))
    throw new RecordError('BAD_ITEMS', '"items" must be a list of goods items', { ...at, field: 'items' });
  if (r.items.length === 0) {
    if (fn === 'cancellation') return { ...version, items: [], flat: false };
    throw new RecordError(
      'NO_ITEMS',
      'the declaration has no goods item',
      { ...at, field: 'items' },
      'send at least one item',
    );
  }
  if (r.items.length > MAX_ITEMS)
    throw new RecordError('TOO_MANY_ITEMS', `${r.items.length} goods items, over the limit of ${MAX_ITEMS}`, {
      ...at,
      field: 'items',
    });
  return { ...version, items: itemViews(r.items, header, at), flat: false };
}

function itemViews(raw: unknown[], header: Record<string, unknown>, at: ErrorLocation): Consignment[] {
  const facts: DeclarationFacts = { itemCount: raw.length, distinctOrigins: 0 };
  const numbers = new Set<number>();
  const views = raw.map((item, i) => {
    const field = (f?: string) => (f === undefined ? `items[${i}]` : `items[${i}].${f}`);
    if (item === null || typeof item !== 'object' || Array.isArray(item))
      throw new RecordError('BAD_ITEM', 'a goods item must be an object', { ...at, field: field() });
    const own = item as Record<string, unknown>;
    const itemNumber = readItemNumber(own.itemNumber ?? i + 1, { ...at, field: field('itemNumber') });
    if (numbers.has(itemNumber))
      throw new RecordError('DUPLICATE_ITEM', `item number ${itemNumber} appears twice`, {
        ...at,
        field: field('itemNumber'),
      });
    numbers.add(itemNumber);
    const merged: Record<string, unknown> = { ...header };
    for (const key in own) {
      if (key === 'itemNumber' || !Object.hasOwn(own, key)) continue;
      if (HEADER.has(key))
        throw new RecordError('HEADER_FIELD_IN_ITEM', `"${key}" belongs to the declaration's header`, {
          ...at,
          field: field(key),
        });
      merged[key] = own[key];
    }
    try {
      return toConsignment(merged, at, { itemNumber, itemCount: raw.length, declaration: facts });
    } catch (e) {
      if (!(e instanceof TargetingError) || e.where.field === undefined || !(e.where.field in own)) throw e;
      throw new RecordError(e.code, problemOf(e), { ...at, field: field(e.where.field) }, e.hint);
    }
  });
  let total: number | undefined;
  const origins = new Set<string>();
  for (const v of views) {
    if (v.value !== undefined) total = (total ?? 0) + v.value;
    if (v.origin !== undefined) origins.add(v.origin);
  }
  if (total !== undefined) facts.totalValue = Math.round(total * 100) / 100;
  facts.distinctOrigins = origins.size;
  return views;
}

/** The header the items share, as a consignment of its own (no item fields): what header-level rules see. */
export function headerOf(d: Declaration, maxItemScore?: number): Consignment {
  const first = d.items[0];
  const declaration: DeclarationFacts = first?.declaration
    ? { ...first.declaration }
    : {
        itemCount: d.items.length,
        distinctOrigins: first?.origin ? 1 : 0,
        ...(first?.value !== undefined ? { totalValue: first.value } : {}),
      };
  if (maxItemScore !== undefined) declaration.maxItemScore = maxItemScore;
  const c = { id: d.id, extra: first?.extra ?? {}, declaration } as Consignment;
  if (first)
    for (const f of HEADER_FIELDS)
      if (f !== 'id' && first[f] !== undefined) (c as unknown as Record<string, unknown>)[f] = first[f];
  return c;
}

function readFunction(v: unknown, at: RecordPlace): DeclarationFunction {
  if (v === undefined || v === null || v === '') return 'original';
  if (typeof v === 'string' && (FUNCTIONS as readonly string[]).includes(v)) return v as DeclarationFunction;
  throw new RecordError(
    'BAD_FUNCTION',
    `"${String(v)}" is not a declaration function`,
    { ...at, field: 'function' },
    `expected ${FUNCTIONS.join(', ')}`,
  );
}

function readItemNumber(v: unknown, at: ErrorLocation): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : v;
  // A label, not a count (MAX_ITEMS bounds the count): a declaration a customs system refused for numbering its
  // items past 999 is still worth targeting if it reaches us.
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1)
    throw new RecordError(
      'BAD_ITEM_NUMBER',
      `${JSON.stringify(v)} is not an item number`,
      at,
      'expected a whole number from 1',
    );
  return n;
}

function optionalText(v: unknown, field: string, at: RecordPlace): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if ((typeof v !== 'string' && typeof v !== 'number') || String(v).length > LIMITS.maxStringLength)
    throw new RecordError('BAD_TYPE', `expected a reference of at most ${LIMITS.maxStringLength} characters`, {
      ...at,
      field,
    });
  return String(v);
}

/** An error's problem alone, without the place and hint its message carries: to restate it at another place. */
export function problemOf(e: TargetingError): string {
  let text = e.message;
  if (e.hint && text.endsWith(` — ${e.hint}`)) text = text.slice(0, -` — ${e.hint}`.length);
  const place = text.indexOf(': ');
  return Object.keys(e.where).some((k) => e.where[k as keyof typeof e.where] !== undefined) && place >= 0
    ? text.slice(place + 2)
    : text;
}

/**
 * What the audit trail hashes and the results keep of a decided declaration:
 * a flat record's consignment as it is; a declaration with items as its header
 * with the items' own fields under `items`, so the hash covers every item.
 */
export function declarationRecord(d: Declaration): Consignment {
  if (d.flat) return d.items[0];
  const header = headerOf(d);
  delete header.declaration;
  header.extra = {};
  const items = d.items.map((c) => {
    const item: Record<string, unknown> = { itemNumber: c.itemNumber };
    for (const key in c) {
      if (HEADER.has(key) || key === 'itemNumber' || key === 'itemCount' || key === 'declaration') continue;
      item[key] = c[key as keyof Consignment];
    }
    return item;
  });
  return Object.assign(header, { items });
}
