import fc from 'fast-check';

/**
 * Payloads for the worker fuzz test, each with what must come of it: `valid`
 * ids must each get one decision, `invalid` records one rejection each; a
 * `whole` payload is refused as a whole. Valid ids are unique over the run, so
 * deduplication never hides a lost consignment.
 */
export interface FuzzJob {
  data: unknown;
  valid: string[];
  invalid: number;
  whole: boolean;
}

export const LIMITS = { batchMax: 50, maxPayloadBytes: 256 * 1024 };

let serial = 0;
const uniqueId = () => `FZ-${++serial}`;

const country = fc.constantFrom('CN', 'DE', 'TR', 'IN', 'AE', 'US', 'cn', ' de ');
const hsCode = fc.oneof(fc.stringMatching(/^\d{6,10}$/), fc.constantFrom('6109.10.00', '2402 20', '610910'));
const date = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const text = fc.string({ maxLength: 40 });
/** Trader identifiers carry a marker, so the test can prove none reaches the worker's log. */
export const PII_MARKER = 'PIIMARK';
const trader = text.map((s) => `${PII_MARKER}${s}`);
const amount = fc.oneof(
  fc.double({ min: 0, max: 1e12, noNaN: true }),
  fc.integer({ min: 0, max: 1_000_000 }).map(String),
);

const validRecord = fc
  .record(
    {
      date,
      importer: trader,
      declarant: trader,
      exporter: trader,
      hsCode,
      origin: country,
      departure: country,
      office: text,
      transportMode: fc.constantFrom('sea', 'air', 'road', '1'),
      quantity: amount,
      weight: amount,
      value: amount,
      taxes: amount,
      incoterm: fc.constantFrom('FOB', 'CIF', ''),
    },
    { requiredKeys: [] },
  )
  .map((r) => ({ ...r, id: uniqueId() }));

/** One defect per record: each breaks exactly one validation rule or input limit. */
const defect = fc.constantFrom<[string, (r: Record<string, unknown>) => void]>(
  ['no id', (r) => delete r.id],
  ['blank id', (r) => (r.id = '  ')],
  ['object id', (r) => (r.id = { $ne: null })],
  ['long id', (r) => (r.id = 'x'.repeat(257))],
  ['long text', (r) => (r.importer = 'é'.repeat(300))],
  ['bad hs', (r) => (r.hsCode = '12ab')],
  ['bad country', (r) => (r.origin = 'China')],
  ['bad date', (r) => (r.date = '2026-02-30')],
  ['negative', (r) => (r.value = -1)],
  ['huge', (r) => (r.weight = 1e16)],
  ['text number', (r) => (r.taxes = '12,5 EUR')],
  ['array field', (r) => (r.importer = ['a', 'b'])],
  ['too many fields', (r) => Object.assign(r, Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`x${i}`, i])))],
  ['long extra', (r) => (r.note = 'n'.repeat(1000))],
);
const invalidRecord = fc.tuple(validRecord, defect).map(([r, [, breakIt]]) => {
  const copy: Record<string, unknown> = { ...r };
  breakIt(copy);
  return copy;
});

/** Anything at all where a record is expected: primitives, arrays, prototype keys, deep nesting. */
const junkRecord = fc.oneof(
  // No strings: a string job payload is parsed as JSON, and "[1,2]" would be two records.
  fc
    .anything({ maxDepth: 3 })
    .filter((v) => typeof v !== 'string' && (v === null || typeof v !== 'object' || Array.isArray(v))),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {}}}')),
  fc.constantFrom(null, 0, true, [], [[]]),
);

export type Kind = 'valid' | 'invalid' | 'junk';
const item = fc.oneof(
  { weight: 6, arbitrary: validRecord.map((r) => ({ kind: 'valid' as Kind, r: r as unknown })) },
  { weight: 3, arbitrary: invalidRecord.map((r) => ({ kind: 'invalid' as Kind, r: r as unknown })) },
  { weight: 1, arbitrary: junkRecord.map((r) => ({ kind: 'junk' as Kind, r })) },
);

/** Payloads refused whole: not JSON, not a record, empty or oversized batch, oversized payload. */
const wholeJunk = fc.oneof(
  fc.string({ maxLength: 30 }).map((s) => `{${s}`),
  fc.constantFrom(42, true, 'null', '"a string"', [], '[]'),
  fc.constant(null).map(() => Array.from({ length: LIMITS.batchMax + 1 }, () => ({ id: uniqueId() }))),
  fc.constant(null).map(() => ({ id: uniqueId(), note: 'p'.repeat(LIMITS.maxPayloadBytes) })),
);

function expected(items: { kind: Kind; r: unknown }[]): { valid: string[]; invalid: number } {
  const valid = items.filter((i) => i.kind === 'valid').map((i) => (i.r as { id: string }).id);
  return { valid, invalid: items.length - valid.length };
}

export function fuzzJobs(count: number, seed: number): FuzzJob[] {
  serial = 0;
  // A lone array is a batch: singles keep junk arrays for batches only.
  const single = item
    .filter((i) => !Array.isArray(i.r))
    .map((i): FuzzJob => ({ data: i.r, ...expected([i]), whole: false }));
  const batch = fc
    .array(item, { minLength: 1, maxLength: LIMITS.batchMax })
    .map((items): FuzzJob => ({ data: items.map((i) => i.r), ...expected(items), whole: false }));
  const whole = wholeJunk.map((data): FuzzJob => ({ data, valid: [], invalid: 1, whole: true }));
  const job = fc.oneof(
    { weight: 80, arbitrary: single },
    { weight: 15, arbitrary: batch },
    { weight: 5, arbitrary: whole },
  );
  // JSON text nesting deeper than the call stack: past the nesting limit, so rejected with a reason — without crashing.
  const depth = 50_000;
  const deep: FuzzJob = {
    data: `{"id":"FZ-DEEP","hsCode":"610910","nested":${'['.repeat(depth)}${']'.repeat(depth)}}`,
    valid: [],
    invalid: 1,
    whole: false,
  };
  return [deep, ...fc.sample(job, { numRuns: count - 1, seed })];
}
