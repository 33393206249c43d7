import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodePayload, toDeclarationRecord, toRecord } from '../../src/queue/payload.js';

const limits = { batchMax: 3, maxPayloadBytes: 10_000 };
const good = { id: 'C1', value: '1200', origin: 'cn', colour: 'red' };

describe('decodePayload', () => {
  it('decodes one consignment, keeping extra attributes', () => {
    const out = decodePayload(good, 100, limits);
    expect(out.rejections).toEqual([]);
    expect(out.consignments).toEqual([{ id: 'C1', value: 1200, origin: 'CN', extra: { colour: 'red' } }]);
  });

  it('decodes a batch and a JSON text payload the same way', () => {
    const batch = [good, { id: 'C2' }];
    expect(decodePayload(JSON.stringify(batch), 100, limits)).toEqual(decodePayload(batch, 100, limits));
    expect(decodePayload(batch, 100, limits).consignments.map((c) => c.id)).toEqual(['C1', 'C2']);
  });

  it('refuses text that is not JSON, keeping it', () => {
    const out = decodePayload('{"id": "C1",', 12, limits);
    expect(out.consignments).toEqual([]);
    expect(out.rejections).toEqual([expect.objectContaining({ code: 'BAD_JSON', payload: '{"id": "C1",' })]);
    expect(out.rejections[0].reason).toMatch(/not JSON/);
  });

  it('refuses payloads over the size limit before reading them, keeping their start and the hash of the whole', () => {
    const out = decodePayload(good, 10_001, limits);
    const text = JSON.stringify(good);
    expect(out.rejections[0]).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      payload: {
        truncated: true,
        bytes: text.length,
        head: text,
        sha256: createHash('sha256').update(text).digest('hex'),
      },
    });
    expect(out.rejections[0].reason).toContain('MAX_PAYLOAD_BYTES');
  });

  it('refuses JSON text nested deeper than any consignment before parsing it, and never stores deep values', () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const text = decodePayload(deep, 100, limits).rejections;
    expect(text).toEqual([
      expect.objectContaining({ code: 'TOO_DEEP', payload: expect.objectContaining({ truncated: true }) }),
    ]);
    // An object handed in by a library caller: rejected, and what is stored serializes.
    const value = JSON.parse(deep) as unknown[];
    for (const data of [value, [value], [{ id: 'x', importer: JSON.parse(deep) }], { id: JSON.parse(deep) }]) {
      const out = decodePayload(data, 100, { ...limits, batchMax: 10 });
      expect(out.consignments).toEqual([]);
      expect(out.rejections.length).toBe(1);
      expect(() => JSON.stringify(out.rejections)).not.toThrow();
    }
  });

  it('refuses a batch over the maximum whole, and an empty one', () => {
    const big = [good, { id: 'C2' }, { id: 'C3' }, { id: 'C4' }];
    expect(decodePayload(big, 100, limits).rejections).toEqual([
      expect.objectContaining({ code: 'BATCH_TOO_LARGE', payload: big }),
    ]);
    expect(decodePayload(big, 100, limits).consignments).toEqual([]);
    expect(decodePayload([], 2, limits).rejections[0].code).toBe('EMPTY_BATCH');
  });

  it('refuses values that are not consignments', () => {
    expect(decodePayload(42, 2, limits).rejections[0].code).toBe('BAD_PAYLOAD');
    expect(decodePayload(null, 4, limits).rejections[0].reason).toContain('got null');
  });

  it('rejects only the bad records of a batch, naming index, id and field', () => {
    const out = decodePayload([good, { value: 3 }, { id: 'C3', weight: 'heavy' }, { id: 'C1' }], 100, {
      ...limits,
      batchMax: 10,
    });
    expect(out.consignments.map((c) => c.id)).toEqual(['C1']);
    expect(out.rejections.map((r) => [r.code, r.index, r.id])).toEqual([
      ['MISSING_ID', 1, undefined],
      ['BAD_NUMBER', 2, 'C3'],
      ['DUPLICATE_ID', 3, 'C1'],
    ]);
    expect(out.rejections[1].reason).toMatch(/batch index 2: .*field "weight"/);
    expect(out.rejections[1].payload).toEqual({ id: 'C3', weight: 'heavy' });
  });
});

describe('toRecord', () => {
  it('is the wire form decodePayload reads back', () => {
    const [c] = decodePayload(good, 100, limits).consignments;
    expect(decodePayload(toRecord(c), 100, limits).consignments).toEqual([c]);
  });
});

describe('declaration payloads', () => {
  it('decodes a declaration with items and keys an amendment apart from its original', () => {
    const original = { id: 'MRN1', importer: 'I', items: [{ hsCode: '610910' }, { hsCode: '851712' }] };
    const amendment = { ...original, function: 'amendment', message: 'REF-2' };
    const out = decodePayload([original, amendment, original], 10, limits);
    expect(out.declarations.map((d) => [d.key, d.items.length])).toEqual([
      ['MRN1', 2],
      ['MRN1~REF-2', 2],
    ]);
    expect(out.rejections.map((r) => [r.code, r.index])).toEqual([['DUPLICATE_ID', 2]]);
    expect(out.consignments[0]).toMatchObject({ id: 'MRN1', items: [{ itemNumber: 1 }, { itemNumber: 2 }] });
  });

  it('sends a declaration on the wire in the form it is read back from', () => {
    const d = decodePayload(
      { id: 'D', office: 'O', items: [{ hsCode: '610910', colour: 'red' }, { origin: 'CN' }] },
      10,
      limits,
    ).declarations[0];
    const again = decodePayload(toDeclarationRecord(d), 10, limits).declarations[0];
    expect(again).toEqual(d);
  });
});
