import { describe, expect, it } from 'vitest';
import { declarationsOf } from '../../bench/declarations.js';

const records = [
  { id: 'A', importer: 'IM1', hsCode: '610910', origin: 'CN', value: 10 },
  { id: 'B', importer: 'IM2', hsCode: '620630', origin: 'VN', value: 20 },
  { id: 'C', importer: 'IM3', hsCode: '420221', origin: 'IN', value: 30 },
];

describe('declarationsOf (the benches’ multi-item workloads)', () => {
  it('gives the records as flat declarations for one item', () => {
    const flat = declarationsOf(records, 1);
    expect(flat.map((d) => [d.id, d.flat, d.items.length])).toEqual([
      ['A', true, 1],
      ['B', true, 1],
      ['C', true, 1],
    ]);
  });

  it('groups N records: the header of the first, the goods of each, reusing records when fewer than N', () => {
    const [only, ...rest] = declarationsOf(records, 2);
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ id: 'A', flat: false });
    expect(only.items.map((c) => [c.itemNumber, c.importer, c.hsCode, c.value])).toEqual([
      [1, 'IM1', '610910', 10],
      [2, 'IM1', '620630', 20],
    ]);
    const [five] = declarationsOf(records, 5);
    expect(five.items.map((c) => c.hsCode)).toEqual(['610910', '620630', '420221', '610910', '620630']);
  });
});
