import { describe, expect, it } from 'vitest';
import { ProfileBuilder } from '../../src/features/build.js';
import { ProfileLookup } from '../../src/features/lookup.js';
import { PROFILE_FORMAT, type ProfileSettings } from '../../src/features/profile.js';
import { combineParts, riskPoints, shrink } from '../../src/features/shrinkage.js';
import { consignment, row } from './fixtures.js';

/** Importer A: 4 of 5 illicit, B: 0 of 5; all T-shirts (610910) from CN at 10, 20 or 40 a kg. */
const HISTORY = [
  ...[1, 1, 1, 1, 0].map((y, i) =>
    row(
      {
        id: `A${i}`,
        date: `2025-01-0${i + 1}`,
        importer: 'A',
        hsCode: '610910',
        origin: 'CN',
        value: [10, 20, 40][i % 3],
      },
      y as 0 | 1,
    ),
  ),
  ...[0, 0, 0, 0, 0].map((y, i) =>
    row(
      {
        id: `B${i}`,
        date: `2025-03-0${i + 1}`,
        importer: 'B',
        hsCode: '610910',
        origin: 'VN',
        value: [10, 20, 40][i % 3],
      },
      y as 0 | 1,
    ),
  ),
];

function lookup(settings: Partial<ProfileSettings> = {}): ProfileLookup {
  const builder = new ProfileBuilder({ settings });
  HISTORY.forEach((r) => builder.add(r));
  return new ProfileLookup({ format: PROFILE_FORMAT, id: 'test', ...builder.finish().body });
}

describe('profile facts on a hand-computed table', () => {
  const p = lookup();
  const m = 2.4 / 1.12 - 1; // method of moments, see shrinkage.test.ts

  it('counts inspections and hits per importer', () => {
    expect(p.fact('importer.count', consignment({ importer: 'A' }))).toBe(5);
    expect(p.fact('importer.illicitCount', consignment({ importer: 'A' }))).toBe(4);
    expect(p.fact('importer.count', consignment({ importer: 'NEW' }))).toBe(0);
    expect(p.fact('importer.count', consignment({}))).toBeUndefined();
  });

  it('shrinks the importer rate toward the overall rate', () => {
    expect(p.profile.strength.importer).toBeCloseTo(m, 9);
    const rateA = shrink(4, 5, 0.4, m);
    expect(p.fact('importer.illicitRate', consignment({ importer: 'A' }))).toBeCloseTo(rateA, 9);
    expect(p.fact('importer.riskPoints', consignment({ importer: 'A' }))).toBeCloseTo(riskPoints(rateA, 0.4), 9);
    expect(p.fact('importer.illicitRate', consignment({ importer: 'NEW' }))).toBeCloseTo(0.4, 12);
    expect(p.fact('importer.riskPoints', consignment({ importer: 'NEW' }))).toBeCloseTo(0, 9);
  });

  it('falls back along the HS tree for codes never inspected', () => {
    const hs4 = p.fact('hs4.illicitRate', consignment({ hsCode: '610910' }));
    expect(p.fact('hs6.illicitRate', consignment({ hsCode: '610990' }))).toBe(hs4);
    expect(p.fact('hs6.count', consignment({ hsCode: '610990' }))).toBe(0);
  });

  it('shrinks an unseen pair toward its parts combined', () => {
    const c = consignment({ origin: 'VN', hsCode: '610910', importer: 'A' });
    const prior = combineParts(p.fact('origin.illicitRate', c) as number, p.fact('hs4.illicitRate', c) as number, 0.4);
    expect(p.fact('originHs4.illicitRate', { ...c, origin: 'XX' })).toBeCloseTo(
      combineParts(0.4, p.fact('hs4.illicitRate', c) as number, 0.4),
      9,
    );
    expect(p.risk.priorRate('originHs4', `VN\u001f6109`)).toBeCloseTo(prior, 9);
  });

  it('tells new traders from known ones', () => {
    expect(p.fact('isNewImporter', consignment({ importer: 'A', date: '2025-02-01' }))).toBe(true);
    expect(p.fact('isNewImporter', consignment({ importer: 'A', date: '2025-06-01' }))).toBe(false);
    expect(p.fact('importer.daysKnown', consignment({ importer: 'A', date: '2025-02-01' }))).toBe(31);
    expect(p.fact('isNewImporter', consignment({ importer: 'Z', date: '2025-06-01' }))).toBe(true);
    expect(p.fact('isNewDeclarant', consignment({ declarant: 'D' }))).toBeUndefined();
  });
});

describe('price norms', () => {
  // Values per kg 10, 20, 40, 10, 20 | 10, 20, 40, 10, 20: median 20, MAD of logs ln 2.
  it('scores a price by its robust z on the log scale', () => {
    const p = lookup();
    const z = p.fact('hs6.valuePerKgZ', consignment({ hsCode: '610910', value: 80, weight: 1 })) as number;
    expect(z).toBeCloseTo((Math.log(80) - Math.log(20)) / (1.4826 * Math.LN2), 5);
    expect(p.fact('hs6.valuePerKgMedian', consignment({ hsCode: '610910' }))).toBeCloseTo(20, 4);
  });

  it('uses HS6 when it has enough declarations, else HS4, HS2, then all', () => {
    expect(lookup({ minPriceRows: 10 }).fact('hs6.priceLevel', consignment({ hsCode: '610910' }))).toBe('hs6');
    expect(lookup({ minPriceRows: 10 }).fact('hs6.priceLevel', consignment({ hsCode: '610990' }))).toBe('hs4');
    expect(lookup({ minPriceRows: 11 }).fact('hs6.priceLevel', consignment({ hsCode: '610910' }))).toBe('all');
  });

  it('has no z without a price to compare', () => {
    expect(lookup().fact('hs6.valuePerKgZ', consignment({ hsCode: '610910' }))).toBeUndefined();
  });
});
