import { describe, expect, it } from 'vitest';
import type { Consignment } from '../../src/declaration/record.js';
import { describeDriver, describeDrivers } from '../../src/model/describe-drivers.js';

const consignment: Consignment = {
  id: 'C1',
  hsCode: '42023100',
  origin: 'RO',
  departure: 'IT',
  weight: 1,
  value: 900,
  quantity: 10,
  taxes: 18,
  extra: {},
} as Consignment;
const profile = { id: 'p', fact: (name: string) => ({ 'hs6.valuePerKgZ': -3.4 })[name] };
const ctx = { consignment, profile };
const d = (fact: string, value: unknown, points = 5) => ({ fact, value, contribution: points / 14.43, points });

describe('drivers in an officer’s words', () => {
  it.each([
    [d('weight', 1), 'weight 1.0 kg for HS 420231'],
    [d('valuePerKg', 900), 'value 900 per kg far under the usual for HS 420231'],
    [d('hs6.valuePerKgZ', -3.4), 'value 900 per kg far under the usual for HS 420231'],
    [d('hs6.taxRatioZ', 1.7), 'taxes 2.0 % of value unusually high for HS 420231'],
    [d('origin', 'RO'), 'origin RO with departure IT'],
    [d('importer.daysKnown', 0), 'new importer (no earlier declaration)'],
    [d('importer.daysKnown', 12), 'new importer (first seen 12 days before)'],
    [d('declarant.daysKnown', 400), 'declarant known for 400 days'],
    [d('originHs4.riskPoints', 23.4), 'record of this origin × HS heading (+23 risk points)'],
    [d('importer.riskPoints', -6), 'record of this importer (−6 risk points)'],
    [d('transportMode', 'post'), 'transport by post'],
    [d('procedure', '4071'), 'procedure 4071'],
    [d('weight', undefined), 'weight not declared'],
  ])('%o → %s', (driver, text) => {
    expect(describeDriver(driver, ctx)).toBe(text);
  });

  it('names the drivers that raise the risk, strongest first, with their points', () => {
    const text = describeDrivers([d('weight', 1, 18.2), d('origin', 'RO', 9.04), d('value', 900, -4)], ctx);
    expect(text).toBe('weight 1.0 kg for HS 420231 (+18); origin RO with departure IT (+9)');
    expect(describeDrivers([d('value', 900, -4)], ctx)).toBe('no single feature stands out');
  });
});
