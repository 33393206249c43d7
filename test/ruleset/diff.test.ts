import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/decision/decision.js';
import { diffRuleSets } from '../../src/ruleset/diff.js';
import { ImpactAccumulator } from '../../src/evaluate/diff-impact.js';
import type { RuleDefinition, RuleSetFile } from '../../src/ruleset/types.js';

const rule = (
  name: string,
  conditions: RuleDefinition['conditions'],
  extra: Partial<RuleDefinition> = {},
): RuleDefinition => ({
  name,
  conditions,
  event: { type: 't' },
  points: 30,
  reason: name,
  ...extra,
});
const set = (rules: RuleDefinition[], extra: Partial<RuleSetFile> = {}): RuleSetFile => ({
  name: 's',
  version: '1',
  thresholds: { red: 70, yellow: 40 },
  rules,
  ...extra,
});

const cheap = rule('cheap', {
  all: [
    { fact: 'hs6', operator: 'equal', value: '240220' },
    { fact: 'valuePerKg', operator: 'lessThan', value: 20 },
  ],
});

describe('diffRuleSets', () => {
  it('lists added, removed and changed rules, condition by condition', () => {
    const before = set([cheap, rule('gone', { all: [{ fact: 'weight', operator: 'lessThan', value: 1 }] })]);
    const after = set(
      [
        rule(
          'cheap',
          {
            all: [
              { fact: 'origin', operator: 'equal', value: 'AE' },
              { fact: 'hs6', operator: 'equal', value: '240220' },
              { fact: 'valuePerKg', operator: 'lessThan', value: 25 },
            ],
          },
          { points: 45, status: 'draft' },
        ),
        rule('new', { any: [{ fact: 'transshipment', operator: 'equal', value: true }] }),
      ],
      { thresholds: { red: 60, yellow: 40 } },
    );
    expect(diffRuleSets(before, after)).toEqual({
      added: ['new'],
      removed: ['gone'],
      settings: [{ field: 'thresholds', before: { red: 70, yellow: 40 }, after: { red: 60, yellow: 40 } }],
      changed: [
        {
          rule: 'cheap',
          fields: [
            { field: 'status', before: undefined, after: 'draft' },
            { field: 'points', before: 30, after: 45 },
          ],
          conditions: [
            { at: 'all[0]', change: 'added', after: 'origin equal "AE"' },
            { at: 'all[2]', change: 'changed', before: 'valuePerKg lessThan 20', after: 'valuePerKg lessThan 25' },
          ],
        },
      ],
    });
  });

  it('reports a removed condition and a changed group', () => {
    const after = set([rule('cheap', { any: [{ fact: 'hs6', operator: 'equal', value: '240220' }] })]);
    expect(diffRuleSets(set([cheap]), after).changed[0].conditions).toEqual([
      {
        at: '(root)',
        change: 'changed',
        before: 'all (hs6 equal "240220"; valuePerKg lessThan 20)',
        after: 'any (hs6 equal "240220")',
      },
    ]);
    const shorter = set([rule('cheap', { all: [{ fact: 'hs6', operator: 'equal', value: '240220' }] })]);
    expect(diffRuleSets(set([cheap]), shorter).changed[0].conditions).toEqual([
      { at: 'all[1]', change: 'removed', before: 'valuePerKg lessThan 20' },
    ]);
  });

  it('finds nothing between identical sets', () => {
    expect(diffRuleSets(set([cheap]), set([structuredClone(cheap)]))).toEqual({
      added: [],
      removed: [],
      changed: [],
      settings: [],
    });
  });
});

const decision = (id: string, channel: Decision['channel'], hits: [string, number][]): Decision => ({
  id,
  channel,
  score: hits.reduce((s, [, p]) => s + p, 0),
  hits: hits.map(([rule, points]) => ({ rule, points, reason: rule })),
  ruleset: 'x',
  decidedAt: '2026-01-01T00:00:00.000Z',
});

describe('ImpactAccumulator', () => {
  it('counts transitions, the rules behind channel changes, and keeps a sample', () => {
    const acc = new ImpactAccumulator(1);
    acc.add(decision('A', 'green', []), decision('A', 'yellow', [['cheap', 45]]));
    acc.add(decision('B', 'yellow', [['cheap', 40]]), decision('B', 'yellow', [['cheap', 45]]));
    acc.add(
      decision('C', 'red', [
        ['lane', 30],
        ['cheap', 40],
      ]),
      decision('C', 'green', [['lane', 30]]),
    );
    acc.add(decision('D', 'green', []), decision('D', 'green', []));
    const r = acc.result();
    expect(r.rows).toBe(4);
    expect(r.transitions).toEqual({
      green: { green: 1, yellow: 1, red: 0 },
      yellow: { green: 0, yellow: 1, red: 0 },
      red: { green: 1, yellow: 0, red: 0 },
    });
    expect(r.changedChannel).toBe(2);
    expect(r.changedScore).toBe(3);
    expect(r.causes).toEqual([{ rule: 'cheap', nowFires: 1, noLongerFires: 1 }]);
    expect(r.sample).toEqual([
      {
        id: 'A',
        before: { channel: 'green', score: 0, rules: [] },
        after: { channel: 'yellow', score: 45, rules: ['cheap'] },
        causes: ['cheap'],
      },
    ]);
    expect(r.quality).toBeUndefined();
  });

  it('measures precision at n % and of the red channel on labelled data', () => {
    const acc = new ImpactAccumulator();
    // 100 rows, 10 illicit; the old set ranks illicit rows last, the new one first.
    for (let i = 0; i < 100; i++) {
      const illicit = i < 10;
      acc.add(
        decision(`R${i}`, illicit ? 'green' : i < 20 ? 'red' : 'green', illicit ? [] : [['x', 1]]),
        decision(`R${i}`, illicit ? 'red' : 'green', illicit ? [['y', 80]] : []),
        { illicit },
      );
    }
    const q = acc.result().quality!;
    expect(q.illicit).toBe(10);
    expect(q.before.precisionAt['10']).toBe(0);
    expect(q.after.precisionAt['10']).toBe(1);
    expect(q.after.recallAt['5']).toBe(0.5);
    expect([q.before.redPrecision, q.before.red, q.after.redPrecision, q.after.red]).toEqual([0, 10, 1, 10]);
  });
});
