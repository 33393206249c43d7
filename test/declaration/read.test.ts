import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readConsignments, rejectionLine, type ReadItem } from '../../src/declaration/read.js';

const dir = mkdtempSync(join(tmpdir(), 'read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(name: string, text: string): Promise<ReadItem[]> {
  const file = join(dir, name);
  writeFileSync(file, text);
  const out: ReadItem[] = [];
  for await (const item of readConsignments(file)) out.push(item);
  return out;
}

describe('readConsignments', () => {
  it('reads CSV, reports bad rows by line and field, and goes on', async () => {
    const items = await readAll(
      'in.csv',
      [
        'id,hsCode,weight,value',
        'A1,610910,10,100',
        'A2,61AB,10,100',
        ',610910,1,1',
        'A4,610910,abc,1',
        'A5,610910',
        'A6,851712,2,900',
      ].join('\n'),
    );
    expect(items.map((i) => ('error' in i ? rejectionLine(i) : i.consignment.id))).toEqual([
      'A1',
      {
        line: 3,
        id: 'A2',
        error:
          'line 3, record A2, field "hsCode": "61AB" is not an HS code — expected 6 to 10 digits, e.g. 610910 or 6109.10.00',
      },
      { line: 4, error: 'line 4, field "id": the consignment has no id — every record needs a unique "id"' },
      { line: 5, id: 'A4', error: 'line 5, record A4, field "weight": expected a number, got "abc"' },
      {
        line: 6,
        error: `${join(dir, 'in.csv')}:6: wrong number of columns: 2, the header has 4 — every row needs as many columns as the header`,
      },
      'A6',
    ]);
  });

  it('rejects a CSV row with more columns than the header, and only that row', async () => {
    const items = await readAll('wide.csv', 'id,weight\nA1,1\nA2,2,3\nA3,3\n');
    expect(items.map((i) => ('error' in i ? i.error.code : i.consignment.id))).toEqual(['A1', 'BAD_LINE', 'A3']);
  });

  it('reads NDJSON, skipping blank lines and naming unparsable ones', async () => {
    const items = await readAll('in.ndjson', '{"id":"B1","weight":3}\n\n{"id":\n[1]\n{"id":"B4","origin":"DE"}\n');
    expect(items.map((i) => ('error' in i ? [i.line, i.error.code] : [i.line, i.consignment.id]))).toEqual([
      [1, 'B1'],
      [3, 'BAD_JSON'],
      [4, 'BAD_RECORD'],
      [5, 'B4'],
    ]);
  });
});
