import { describe, expect, it } from 'vitest';
import { csvField, csvHeader, csvLine } from '../../src/dataset/csv.js';
import { DECLARATION_COLUMNS, generateDeclarations, type DeclarationRow } from '../../src/dataset/generate.js';
import { UNDERVALUED_CELLS } from '../../src/dataset/catalog.js';
import { toConsignment } from '../../src/declaration/validate.js';

const rows = (n: number, seed = 7, patterns = false): DeclarationRow[] => [
  ...generateDeclarations({ rows: n, seed, patterns }),
];

describe('generateDeclarations', () => {
  it('is reproducible from its seed and differs across seeds', () => {
    expect(rows(300, 7)).toEqual(rows(300, 7));
    expect(rows(300, 8)).not.toEqual(rows(300, 7));
  });

  it('numbers rows C0000001… in date order over a year', () => {
    const r = rows(2000);
    expect(r[0].id).toBe('C0000001');
    expect(r[1999].id).toBe('C0002000');
    expect(r[0].date).toBe('2025-01-01');
    expect(r[1999].date).toBe('2025-12-31');
    for (let i = 1; i < r.length; i++) expect(r[i].date >= r[i - 1].date).toBe(true);
  });

  it('produces rows every consignment validator accepts', () => {
    for (const row of rows(500)) expect(() => toConsignment(row)).not.toThrow();
  });

  it('labels 2–20 % illicit, with revenue only where fraud was found', () => {
    const r = rows(20_000);
    const illicit = r.filter((x) => x.illicit === 1);
    const rate = illicit.length / r.length;
    expect(rate).toBeGreaterThan(0.02);
    expect(rate).toBeLessThan(0.2);
    expect(illicit.every((x) => x.revenue > 0)).toBe(true);
    expect(r.filter((x) => x.illicit === 0).every((x) => x.revenue === 0)).toBe(true);
  });

  it('injects every fraud pattern and many importers', () => {
    const r = rows(50_000, 3, true);
    const patterns = new Set(r.map((x) => x.pattern));
    for (const p of ['none', 'undervaluation', 'misclassification', 'concealment', 'transshipment', 'other'])
      expect(patterns).toContain(p);
    expect(new Set(r.map((x) => x.importer)).size).toBeGreaterThan(500);
    expect(r.filter((x) => x.pattern === 'transshipment').every((x) => x.origin !== x.departure)).toBe(true);
  });

  it("undervalued declarations are priced below their code's median per kg", () => {
    const r = rows(30_000, 5, true);
    const perKg = (x: DeclarationRow): number => x.value / x.weight;
    const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const normal = new Map<string, number>();
    for (const hs of new Set(r.map((x) => x.hsCode)))
      normal.set(hs, median(r.filter((x) => x.hsCode === hs && x.illicit === 0).map(perKg)));
    const under = r.filter((x) => x.pattern === 'undervaluation');
    const below = under.filter((x) => perKg(x) < normal.get(x.hsCode)!).length;
    expect(below / under.length).toBeGreaterThan(0.85);
  });
});

describe('fraud only interactions reveal', () => {
  const r = rows(60_000, 11, true);
  const perKg = (x: DeclarationRow): number => x.value / x.weight;
  const illicitRate = (xs: DeclarationRow[]) => xs.filter((x) => x.illicit === 1).length / xs.length;

  it('confines cell undervaluation to its goods × origin × weight cells, where it is common', () => {
    const cell = r.filter((x) => x.pattern === 'cell-undervaluation');
    expect(cell.length).toBeGreaterThan(100);
    const inCell = (x: DeclarationRow) =>
      UNDERVALUED_CELLS.some(
        (c) => c.hs6 === x.hsCode && c.origin === x.origin && x.weight >= c.kg[0] - 0.1 && x.weight < c.kg[1] + 0.1,
      );
    expect(cell.every(inCell)).toBe(true);
    // Within a cell far more is illicit than on the cell's goods from that origin at other weights.
    const [c] = UNDERVALUED_CELLS;
    const lane = r.filter((x) => x.hsCode === c.hs6 && x.origin === c.origin);
    expect(illicitRate(lane.filter(inCell))).toBeGreaterThan(2.5 * illicitRate(lane.filter((x) => !inCell(x))));
  });

  it('has brokers misclassify one heading each, at a price ordinary for the code declared', () => {
    const mis = r.filter((x) => x.pattern === 'heading-misclassification');
    expect(mis.length).toBeGreaterThan(100);
    const codes = new Map<string, Set<string>>();
    for (const x of mis) codes.set(x.declarant, (codes.get(x.declarant) ?? new Set()).add(x.hsCode));
    expect(codes.size).toBeGreaterThan(3);
    for (const declared of codes.values()) expect(declared.size).toBe(1);
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    for (const hs of new Set(mis.map((x) => x.hsCode))) {
      const normal = median(r.filter((x) => x.hsCode === hs && x.illicit === 0).map(perKg));
      const declared = median(mis.filter((x) => x.hsCode === hs).map(perKg));
      expect(Math.abs(Math.log(declared / normal))).toBeLessThan(0.3);
    }
  });
});

describe('csv', () => {
  it('writes the header and one line per row in column order', () => {
    const [row] = rows(1);
    expect(csvHeader()).toBe(DECLARATION_COLUMNS.join(','));
    const fields = csvLine(row).split(',');
    expect(fields).toHaveLength(DECLARATION_COLUMNS.length);
    expect(fields[0]).toBe(row.id);
    expect(Number(fields[12])).toBe(row.value);
  });

  it('quotes only fields that need it', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
  });
});
