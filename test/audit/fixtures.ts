import type { Consignment } from '../../src/declaration/record.js';
import type { Decision } from '../../src/decision/decision.js';

/** A small, varied set of decisions and the consignments they were made on. */
export function decisions(n: number, from = 0): { decision: Decision; consignment: Consignment }[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const consignment: Consignment = {
      id: `C${i}`,
      importer: `IMP-${i % 7}`,
      hsCode: '610910',
      origin: 'CN',
      value: 1000 + i,
      extra: {},
    };
    const red = i % 3 === 0;
    const decision: Decision = {
      id: consignment.id,
      score: red ? 80 : 10,
      channel: red ? 'red' : 'green',
      hits: red ? [{ rule: 'undervalued', points: 80, reason: 'value far below the profile median' }] : [],
      ruleset: 'demo@0123456789ab',
      profile: 'profile@abcdef012345',
      decidedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    };
    return { decision, consignment };
  });
}
