import { describe, expect, it } from 'vitest';
import { appendRecords, GENESIS, verifyChain, type Located } from '../../src/audit/chain.js';
import { auditEntry, consignmentHash, recordHash, type AuditRecord } from '../../src/audit/record.js';
import { decisions } from './fixtures.js';

function chain(n: number): AuditRecord[] {
  return appendRecords(
    GENESIS,
    decisions(n).map((d) => auditEntry(d.decision, consignmentHash(d.consignment))),
  );
}

const located = (records: unknown[]): Located[] => records.map((record, i) => ({ record, ref: `#${i}` }));

describe('appendRecords', () => {
  it('numbers records from the head and links each to its predecessor', () => {
    const records = chain(3);
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(records[0].prev).toBe(GENESIS.hash);
    expect(records[1].prev).toBe(records[0].hash);
    expect(records[2].hash).toBe(recordHash(records[2]));
    const more = appendRecords({ seq: 3, hash: records[2].hash }, [
      auditEntry(decisions(1, 3)[0].decision, consignmentHash(decisions(1, 3)[0].consignment)),
    ]);
    expect(more[0]).toMatchObject({ seq: 4, prev: records[2].hash });
  });
});

describe('verifyChain', () => {
  it('accepts an untouched chain and reports its first and last links', async () => {
    const records = chain(10);
    const result = await verifyChain(located(records), {
      start: GENESIS,
      expectHead: { seq: 10, hash: records[9].hash },
    });
    expect(result).toMatchObject({
      ok: true,
      checked: 10,
      first: { seq: 1 },
      last: { seq: 10, hash: records[9].hash },
    });
  });

  it('reports an altered record whose hash was left as is', async () => {
    const records = chain(10);
    records[4] = { ...records[4], channel: records[4].channel === 'red' ? 'green' : 'red' };
    const result = await verifyChain(located(records), { start: GENESIS });
    expect(result.break).toMatchObject({ kind: 'altered', index: 4, seq: 5, ref: '#4' });
  });

  it('reports an altered and re-hashed record on the record itself', async () => {
    const records = chain(10);
    const forged = { ...records[4], score: 0, hits: [] };
    records[4] = { ...forged, hash: recordHash(forged) };
    const result = await verifyChain(located(records), { start: GENESIS });
    expect(result.break).toMatchObject({ kind: 'altered', index: 4, seq: 5 });
  });

  it('reports a removed record', async () => {
    const records = chain(10);
    records.splice(6, 1);
    const result = await verifyChain(located(records), { start: GENESIS });
    expect(result.break).toMatchObject({ kind: 'removed', index: 6, seq: 8 });
    expect(result.break?.message).toContain('seq 7 missing');
  });

  it('reports two swapped records as reordered', async () => {
    const records = chain(10);
    [records[2], records[3]] = [records[3], records[2]];
    const result = await verifyChain(located(records), { start: GENESIS });
    expect(result.break).toMatchObject({ kind: 'reordered', index: 2, seq: 4 });
  });

  it('reports a replayed record as reordered', async () => {
    const records = chain(5);
    records.splice(4, 0, records[1]);
    const result = await verifyChain(located(records), { start: GENESIS });
    expect(result.break).toMatchObject({ kind: 'reordered', index: 4, seq: 2 });
  });

  it('reports a cut tail against the head', async () => {
    const records = chain(10);
    const head = { seq: 10, hash: records[9].hash };
    const result = await verifyChain(located(records.slice(0, 8)), { start: GENESIS, expectHead: head });
    expect(result.break).toMatchObject({ kind: 'truncated' });
    expect(result.break?.message).toContain('after seq 8');
  });

  it('reports a cut head against the start it must link to', async () => {
    const records = chain(10);
    const result = await verifyChain(located(records.slice(3)), { start: GENESIS });
    expect(result.break).toMatchObject({ kind: 'removed', index: 0, seq: 4 });
    const anchored = await verifyChain(located(records.slice(3)), { start: { seq: 3, hash: records[2].hash } });
    expect(anchored.ok).toBe(true);
  });

  it('reports an unparsable record as altered', async () => {
    const records: unknown[] = chain(4);
    records[2] = null;
    const result = await verifyChain(located(records), { start: GENESIS });
    expect(result.break).toMatchObject({ kind: 'altered', index: 2 });
  });

  it('verifies from the middle by trusting the first link', async () => {
    const records = chain(10);
    expect((await verifyChain(located(records.slice(5)))).ok).toBe(true);
    const tampered = records.slice(5);
    tampered[3] = { ...tampered[3], ruleset: 'other@000000000000' };
    expect((await verifyChain(located(tampered))).break).toMatchObject({ kind: 'altered', seq: 9 });
  });

  it('catches any single-field change in any record', async () => {
    const records = chain(6);
    for (let i = 0; i < records.length; i++) {
      for (const field of [
        'id',
        'consignment',
        'ruleset',
        'profile',
        'score',
        'channel',
        'decidedAt',
        'hits',
      ] as const) {
        const copy = records.map((r) => ({ ...r }));
        (copy[i] as Record<string, unknown>)[field] =
          field === 'score' ? 999 : field === 'hits' ? [{ rule: 'x', points: 1, reason: 'x' }] : 'x';
        const result = await verifyChain(located(copy), { start: GENESIS });
        expect(result.break, `${field} of record ${i}`).toMatchObject({ kind: 'altered', index: i });
      }
    }
  });
});
