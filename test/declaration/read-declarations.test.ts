import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRowMapper, parseMapping } from '../../src/declaration/mapping.js';
import { readDeclarations, type ReadDeclaration } from '../../src/declaration/read-declarations.js';
import { toDeclaration } from '../../src/declaration/declaration.js';
import { toConsignment } from '../../src/declaration/validate.js';

const dir = mkdtempSync(join(tmpdir(), 'declarations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(name: string, text: string, opts: Parameters<typeof readDeclarations>[1] = {}) {
  const file = join(dir, name);
  writeFileSync(file, text);
  const out: ReadDeclaration[] = [];
  for await (const item of readDeclarations(file, opts)) out.push(item);
  return out;
}

const ok = (items: ReadDeclaration[]) => items.flatMap((i) => ('declaration' in i ? [i.declaration] : []));
const errors = (items: ReadDeclaration[]) => items.flatMap((i) => ('error' in i ? [i.error.message] : []));

describe('toDeclaration', () => {
  it('keeps a flat record exactly as toConsignment reads it: one item, no item fields', () => {
    const raw = { id: 'F1', hsCode: '610910', origin: 'cn', value: '100', colour: 'red' };
    const d = toDeclaration(raw);
    expect(d).toMatchObject({ id: 'F1', key: 'F1', function: 'original', flat: true });
    expect(d.items).toEqual([toConsignment(raw)]);
    expect(d.items[0].itemNumber).toBeUndefined();
  });

  it('joins each item with its header, with the declaration facts every item shares', () => {
    const d = toDeclaration({
      id: 'D1',
      importer: 'IMP-1',
      office: 'FXT',
      items: [
        { hsCode: '610910', origin: 'CN', value: 100, colour: 'red' },
        { itemNumber: 5, hsCode: '420221', origin: 'VN', value: 50.5 },
        { description: 'books', weight: 2 },
      ],
    });
    expect(d.flat).toBe(false);
    expect(d.items.map((i) => [i.itemNumber, i.importer, i.office, i.hsCode, i.itemCount])).toEqual([
      [1, 'IMP-1', 'FXT', '610910', 3],
      [5, 'IMP-1', 'FXT', '420221', 3],
      [3, 'IMP-1', 'FXT', undefined, 3],
    ]);
    expect(d.items[0].extra).toEqual({ colour: 'red' });
    expect(d.items[1].declaration).toEqual({ itemCount: 3, distinctOrigins: 2, totalValue: 150.5 });
    expect(d.items[0].declaration).toBe(d.items[2].declaration);
  });

  it('names the item of a bad field, and refuses what no declaration is', () => {
    expect(() => toDeclaration({ id: 'D2', items: [{ origin: 'CN' }, { origin: 'UKK' }] })).toThrow(
      /record D2.*field "items\[1\]\.origin": "UKK" is not a country code/,
    );
    expect(() => toDeclaration({ id: 'D3', items: [] })).toThrow(/no goods item/);
    expect(() => toDeclaration({ id: 'D4', items: [{ importer: 'X' }] })).toThrow(
      /"importer" belongs to the declaration's header/,
    );
    expect(() => toDeclaration({ id: 'D5', items: [{ itemNumber: 1 }, { itemNumber: 1 }] })).toThrow(
      /item number 1 appears twice/,
    );
    for (const bad of [0, 1.5, 'two'])
      expect(() => toDeclaration({ id: 'D6', items: [{ itemNumber: bad }] })).toThrow(/is not an item number/);
  });

  it('takes an item number past 999 as a label: the count is bounded, not the numbering', () => {
    const d = toDeclaration({ id: 'D7', items: [{ itemNumber: 1000, origin: 'CN' }, { itemNumber: '1001' }] });
    expect(d.items.map((i) => i.itemNumber)).toEqual([1000, 1001]);
  });

  it('keys an amendment by its message so it is decided again; a cancellation needs no item', () => {
    const a = toDeclaration({ id: 'MRN1', function: 'amendment', message: 'REF-2', items: [{ value: 1 }] });
    expect(a).toMatchObject({ id: 'MRN1', key: 'MRN1~REF-2', function: 'amendment', amends: 'MRN1' });
    expect(() => toDeclaration({ id: 'MRN1', function: 'amendment', items: [{}] })).toThrow(
      /reference of its own message/,
    );
    expect(toDeclaration({ id: 'MRN1', function: 'cancellation', items: [] })).toMatchObject({
      items: [],
      function: 'cancellation',
    });
  });
});

describe('readDeclarations', () => {
  it('reads NDJSON declarations with items beside flat records', async () => {
    const items = await readAll(
      'in.ndjson',
      [
        JSON.stringify({ id: 'N1', hsCode: '610910', value: 10 }),
        JSON.stringify({
          id: 'N2',
          importer: 'I',
          items: [{ hsCode: '610910' }, { hsCode: '851712' }, { origin: 'XX1' }],
        }),
        JSON.stringify({ id: 'N3', importer: 'I', items: [{ hsCode: '610910' }, { hsCode: '851712', value: 3 }] }),
      ].join('\n'),
    );
    expect(ok(items).map((d) => [d.id, d.items.length, d.flat])).toEqual([
      ['N1', 1, true],
      ['N3', 2, false],
    ]);
    expect(errors(items)).toEqual([expect.stringMatching(/line 2, record N2, field "items\[2\]\.origin"/)]);
  });

  it('groups CSV rows by declaration id and item number through a mapping', async () => {
    const mapping = parseMapping({
      columns: { id: 'DeclNo', itemNumber: 'Item', hsCode: 'HS', origin: 'Ctry', importer: 'Imp' },
    });
    const csv = [
      'DeclNo,Item,HS,Ctry,Imp',
      'A,1,610910,CN,I1',
      'A,2,851712,VN,I1',
      'B,1,420221,FR,I2',
      'A,3,610910,CN,I1',
      'C,,610910,CN,I3',
    ].join('\n');
    const file = join(dir, 'grouped.csv');
    writeFileSync(file, csv);
    const items: ReadDeclaration[] = [];
    for await (const i of readDeclarations(file, { mapRow: createRowMapper(mapping, file) })) items.push(i);
    expect(
      ok(items).map((d) => [d.id, d.items.map((i) => `${i.itemNumber ?? '-'}:${i.hsCode}:${i.importer}`), d.flat]),
    ).toEqual([
      ['A', ['1:610910:I1', '2:851712:I1'], false],
      ['B', ['1:420221:I2'], false],
      ['C', ['-:610910:I3'], true],
    ]);
    expect(errors(items)).toEqual([
      expect.stringMatching(
        /grouped\.csv:5, record A: a row of declaration "A", whose rows started on line 2.*sort the file by declaration id/,
      ),
    ]);
  });
});
