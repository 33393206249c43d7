import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  auditEntry,
  consignmentHash,
  recordHash,
  sealRecord,
  type AuditEntry,
  type AuditRecord,
} from '../../src/audit/record.js';
import { canonicalJson } from '../../src/canonical-json.js';
import { toConsignment } from '../../src/declaration/validate.js';
import { decisions } from './fixtures.js';

// Strings with quotes, escapes, control characters, astral and lone surrogates: JSON.stringify's whole escaping table.
const text = fc.string({ unit: 'binary', maxLength: 12 });
const number = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, -0, 1e21, Number.NaN, Number.POSITIVE_INFINITY));
const hit = fc.record({ rule: text, points: number, reason: text });

const entry: fc.Arbitrary<AuditEntry> = fc.record(
  {
    v: fc.integer({ min: 1, max: 9 }),
    id: text,
    consignment: text,
    ruleset: text,
    profile: text,
    hits: fc.array(hit, { maxLength: 4 }),
    score: number,
    channel: fc.constantFrom('green', 'yellow', 'red'),
    decidedAt: text,
  },
  { requiredKeys: ['v', 'id', 'consignment', 'ruleset', 'hits', 'score', 'channel', 'decidedAt'] },
);

const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);

describe('sealRecord', () => {
  it('writes the canonical JSON by hand: the hash recordHash recomputes, stored as JSON of the same record', () => {
    fc.assert(
      fc.property(entry, fc.nat(), hex64, (e, seq, prev) => {
        const entry = { ...e };
        const stored = sealRecord(entry, seq, prev);
        const record = entry as AuditRecord;
        expect(record).toEqual({ ...e, seq, prev, hash: record.hash });
        expect(record.hash).toBe(recordHash({ ...e, seq, prev }));
        expect(canonicalJson(JSON.parse(stored))).toBe(canonicalJson(record));
      }),
      { numRuns: 3000 },
    );
  });

  it('does so for entries as auditEntry makes them', () => {
    for (const { decision, consignment } of decisions(20)) {
      const e = auditEntry(
        { ...decision, hits: [{ rule: 'r"1', points: 5, reason: 'a\nb' }, ...decision.hits] },
        consignmentHash(consignment),
      );
      const copy = { ...e };
      sealRecord(e, 7, 'f'.repeat(64));
      expect((e as AuditRecord).hash).toBe(recordHash({ ...copy, seq: 7, prev: 'f'.repeat(64) }));
    }
  });
});

describe('consignmentHash', () => {
  it('is the same whatever order the record arrived in', () => {
    const raw = { weight: 12.5, id: 'C1', zeta: 'z', origin: 'CN', alpha: '1', date: '2025-03-04', value: 300 };
    const reversed = Object.fromEntries(Object.entries(raw).reverse());
    expect(consignmentHash(toConsignment(raw))).toBe(consignmentHash(toConsignment(reversed)));
    expect(consignmentHash(toConsignment(raw))).not.toBe(consignmentHash(toConsignment({ ...raw, value: 301 })));
  });
});
