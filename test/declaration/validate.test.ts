import { describe, expect, it } from 'vitest';
import { RecordError } from '../../src/errors.js';
import { toConsignment } from '../../src/declaration/validate.js';

function errorOf(raw: unknown): RecordError {
  try {
    toConsignment(raw, { line: 7 });
  } catch (e) {
    if (e instanceof RecordError) return e;
    throw e;
  }
  throw new Error('expected a RecordError');
}

describe('toConsignment', () => {
  it('types and normalises the built-in fields and keeps extra attributes as they are', () => {
    const c = toConsignment({
      id: 42,
      date: '2025-03-04',
      hsCode: '6109.10.00',
      origin: 'cn',
      departure: 'SG',
      weight: '12.5',
      value: 300,
      containers: '2',
      importer: '',
    });
    expect(c).toEqual({
      id: '42',
      date: '2025-03-04',
      hsCode: '61091000',
      origin: 'CN',
      departure: 'SG',
      weight: 12.5,
      value: 300,
      extra: { containers: '2' },
    });
  });

  it.each([
    [{ weight: 3 }, 'line 7, field "id": the consignment has no id — every record needs a unique "id"', 'MISSING_ID'],
    [{ id: 'A1', weight: 'heavy' }, 'line 7, record A1, field "weight": expected a number, got "heavy"', 'BAD_NUMBER'],
    [
      { id: 'A1', hsCode: '61AB' },
      'line 7, record A1, field "hsCode": "61AB" is not an HS code — expected 6 to 10 digits, e.g. 610910 or 6109.10.00',
      'BAD_HS_CODE',
    ],
    [
      { id: 'A1', hsCode: '6109' },
      'line 7, record A1, field "hsCode": "6109" is not an HS code — expected 6 to 10 digits, e.g. 610910 or 6109.10.00',
      'BAD_HS_CODE',
    ],
    [
      { id: 'A1', origin: 'China' },
      'line 7, record A1, field "origin": "China" is not a country code — expected an ISO 3166-1 alpha-2 code such as CN or DE',
      'BAD_COUNTRY',
    ],
    [
      { id: 'A1', date: '2025-02-30' },
      'line 7, record A1, field "date": "2025-02-30" is not a date — expected YYYY-MM-DD',
      'BAD_DATE',
    ],
    [
      { id: 'A1', value: -5 },
      'line 7, record A1, field "value": -5 is out of range — expected 0 to 1000000000000000',
      'OUT_OF_RANGE',
    ],
    [
      { id: 'A1', importer: { name: 'x' } },
      'line 7, record A1, field "importer": expected text, got an object',
      'BAD_TYPE',
    ],
    [
      { id: 'A1', importer: 'x'.repeat(300) },
      'line 7, record A1, field "importer": 300 characters, over the limit of 256',
      'TOO_LONG',
    ],
    [[1, 2], 'line 7: a record must be a JSON object — send one object per consignment', 'BAD_RECORD'],
    [
      { id: 'A1', notes: JSON.parse('['.repeat(9) + ']'.repeat(9)) },
      'line 7, record A1, field "notes": nested more than 8 levels deep — send flat attributes',
      'TOO_DEEP',
    ],
  ])('rejects %j with an exact message', (raw, message, code) => {
    const e = errorOf(raw);
    expect(e.message).toBe(message);
    expect(e.code).toBe(code);
  });
});

describe('hostile identifiers and keys', () => {
  it('rejects ids holding control, format, bidi or lone-surrogate characters with BAD_ID and a reason', () => {
    for (const id of ['C\u200B1', 'C1\u202E', 'C\u00001', '\uD800C1', 'C1\uFEFF', 'C\u20281']) {
      let error: unknown;
      try {
        toConsignment({ id });
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(id)).toMatchObject({ code: 'BAD_ID', where: { field: 'id' } });
      expect((error as Error).message).toMatch(/invisible or control character \(U\+[0-9A-F]{4} at position \d+\)/);
    }
  });

  it('normalises ids to NFC, so NFD and NFC spellings are one consignment; plain ids are left alone', () => {
    expect(toConsignment({ id: 'Se\u0301ville-1' }).id).toBe('S\u00e9ville-1');
    expect(toConsignment({ id: 'S\u00e9ville-1' }).id).toBe('S\u00e9ville-1');
    expect(toConsignment({ id: '  C1\t' }).id).toBe('C1');
    expect(toConsignment({ id: '東京-42' }).id).toBe('東京-42');
  });

  it('rejects __proto__, constructor and prototype keys at the top and nested, so rules and the audit hash see one record', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const top = JSON.parse(`{"id": "P1", "${key}": {"origin": "XX"}}`) as unknown;
      expect(() => toConsignment(top)).toThrow(expect.objectContaining({ code: 'RESERVED_KEY' }));
      const nested = JSON.parse(`{"id": "P2", "meta": {"a": [{"${key}": 1}]}}`) as unknown;
      expect(() => toConsignment(nested)).toThrow(expect.objectContaining({ code: 'RESERVED_KEY' }));
    }
    const c = toConsignment({ id: 'P3', meta: { proto: 1 } });
    expect(Object.getPrototypeOf(c.extra)).toBe(Object.prototype);
  });
});
