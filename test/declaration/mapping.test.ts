import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ErrorBudget, checkHeader, createRowMapper, loadMapping, parseMapping } from '../../src/declaration/mapping.js';
import { readConsignments } from '../../src/declaration/read.js';
import { MappingError } from '../../src/errors.js';
import { readAllLabelled } from '../../src/features/history.js';

const dir = mkdtempSync(join(tmpdir(), 'mapping-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const mapping = parseMapping({
  columns: {
    id: 'DECL_NO',
    date: 'DT',
    importer: 'TIN',
    hsCode: 'HS',
    weight: 'KG',
    value: 'CIF',
    illicit: 'FRAUD',
    revenue: 'RAISED',
  },
  categorical: ['REGIME'],
  numeric: ['FREIGHT'],
});

describe('parseMapping', () => {
  it('accepts roles, extra categorical and numeric columns', () => {
    expect(mapping.columns.importer).toBe('TIN');
    expect(mapping.categorical).toEqual(['REGIME']);
  });

  it.each([
    [{ columns: {} }, /"id" role is required/],
    [{ columns: { id: 'A', importr: 'B' } }, /unknown role "importr"/],
    [{ columns: { id: 'A' }, numeric: 'B' }, /"numeric" must be a list/],
    [{ columns: { id: 'A', importer: 'B' }, categorical: ['B'] }, /used twice/],
    [{ columns: { id: 'A' }, extra: [] }, /unknown key "extra"/],
  ])('rejects %j', (value, message) => {
    expect(() => parseMapping(value, 'm.json')).toThrow(MappingError);
    expect(() => parseMapping(value, 'm.json')).toThrow(message);
  });

  it('names the file when it is not JSON', () => {
    expect(() => loadMapping(file('bad.json', '{"columns": '))).toThrow(/bad\.json: the mapping file is not JSON/);
  });
});

describe('createRowMapper', () => {
  it('renames columns to roles, keeps extras and parses extra numbers', () => {
    const row = createRowMapper(mapping)(
      { DECL_NO: 'D1', TIN: 'T9', REGIME: '40', FREIGHT: '12.5', UNUSED: 'x', FRAUD: '1' },
      2,
    );
    expect(row).toEqual({
      id: 'D1',
      date: undefined,
      importer: 'T9',
      hsCode: undefined,
      weight: undefined,
      value: undefined,
      REGIME: '40',
      FREIGHT: 12.5,
    });
  });

  it('reports an unparsable extra number with row and column', () => {
    expect(() => createRowMapper(mapping, 'h.csv')({ DECL_NO: 'D1', FREIGHT: 'n/a' }, 7)).toThrow(/h\.csv:7.*FREIGHT/);
  });

  it('works with readConsignments', async () => {
    const path = file('score.csv', 'DECL_NO,TIN,HS,REGIME,FREIGHT\nD1,T9,610910,40,3\n');
    const items = [];
    for await (const item of readConsignments(path, { mapRow: createRowMapper(mapping, path) })) items.push(item);
    expect(items).toEqual([
      { line: 2, consignment: { id: 'D1', importer: 'T9', hsCode: '610910', extra: { REGIME: '40', FREIGHT: 3 } } },
    ]);
  });
});

describe('checkHeader', () => {
  it('names a mapped column missing from the file', () => {
    expect(() => checkHeader(mapping, ['DECL_NO', 'DT'], 'h.csv')).toThrow(
      /h\.csv:1.*column "TIN" \(role importer\) is not in the file/,
    );
  });
});

describe('readAllLabelled', () => {
  const header = 'DECL_NO,DT,TIN,HS,KG,CIF,FRAUD,RAISED,REGIME,FREIGHT\n';
  const good = (i: number): string =>
    `D${i},2025-01-0${1 + (i % 9)},T${i % 3},610910,10,100,${i % 2},${i % 2 ? 50 : 0},40,1\n`;

  it('reads consignments with their label and revenue', async () => {
    const rows = await readAllLabelled(file('ok.csv', header + good(1) + good(2)), mapping);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      line: 2,
      illicit: 1,
      revenue: 50,
      consignment: { id: 'D1', importer: 'T1', weight: 10, extra: { REGIME: '40', FREIGHT: 1 } },
    });
    expect(rows[1].illicit).toBe(0);
  });

  it('leaves the label absent when the cell is blank (not inspected)', async () => {
    const rows = await readAllLabelled(file('blank.csv', `${header}D1,2025-01-01,T1,610910,10,100,,,40,1\n`), mapping);
    expect(rows[0].illicit).toBeUndefined();
  });

  it('counts bad rows by row and column and goes on below the threshold', async () => {
    const bad =
      'D9,2025-13-01,T1,610910,10,100,0,0,40,1\nD10,2025-01-01,T1,610910,10,abc,0,0,40,1\nD11,2025-01-01,T1,610910,10,100,2,0,40,1\n';
    const budget = new ErrorBudget({ maxErrors: 5 });
    const rows = await readAllLabelled(file('some-bad.csv', header + good(1) + bad + good(2)), mapping, { budget });
    expect(rows.map((r) => r.consignment.id)).toEqual(['D1', 'D2']);
    expect(budget.errors).toBe(3);
    expect(budget.rows).toBe(5);
    expect(budget.first?.message).toMatch(/some-bad\.csv:3.*column "DT" \(role date\)/);
  });

  it('stops past the threshold with the count and the first error', async () => {
    const bad = Array.from({ length: 5 }, (_, i) => `D${i},2025-01-01,T1,610910,10,100,yes,0,40,1\n`).join('');
    const run = readAllLabelled(file('all-bad.csv', header + bad), mapping, {
      budget: new ErrorBudget({ maxErrors: 2 }),
    });
    await expect(run).rejects.toThrow(
      /stopped after 3 rejected rows out of 3 read \(limit 2\); first: .*all-bad\.csv:2.*"yes" is not 0 or 1/,
    );
  });

  it('stops at once when a mapped column is missing', async () => {
    await expect(readAllLabelled(file('nocol.csv', 'DECL_NO,DT\nD1,2025-01-01\n'), mapping)).rejects.toThrow(
      /column "TIN" \(role importer\) is not in the file/,
    );
  });

  it('without a mapping reads the built-in names and switches absent roles off', async () => {
    const rows = await readAllLabelled(file('builtin.csv', 'id,importer,illicit\nA,I1,1\n'));
    expect(rows).toEqual([{ line: 2, illicit: 1, consignment: { id: 'A', importer: 'I1', extra: {} } }]);
  });
});
