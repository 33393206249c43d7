import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toConsignment } from '../../src/declaration/validate.js';
import { explain } from '../../src/explain/explain.js';
import { renderExplanation } from '../../src/explain/render.js';
import { loadRuleSet } from '../../src/ruleset/load.js';

const dir = mkdtempSync(join(tmpdir(), 'explain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

writeFileSync(
  join(dir, 'set.json'),
  JSON.stringify({
    name: 'ex',
    version: '1',
    thresholds: { red: 70, yellow: 40 },
    rules: [
      {
        name: 'cheap-cigarettes',
        // The higher-priority condition runs first; when it fails the other is never evaluated.
        conditions: {
          all: [
            { fact: 'hs6', operator: 'equal', value: '240220', priority: 2 },
            { fact: 'valuePerKg', operator: 'lessThan', value: 20 },
          ],
        },
        event: { type: 'u' },
        points: 45,
        reason: 'Cigarettes at {{valuePerKg}} per kg',
      },
      {
        name: 'heavy',
        conditions: { all: [{ fact: 'weight', operator: 'greaterThan', value: 500 }] },
        event: { type: 'w' },
        points: 30,
        channel: 'red',
        reason: 'Heavy',
      },
      {
        name: 'trial',
        status: 'draft',
        conditions: { any: [{ fact: 'origin', operator: 'in', value: ['AE', 'TR'] }] },
        event: { type: 't' },
        points: 10,
        reason: 'Trial',
      },
      {
        name: 'old',
        status: 'retired',
        conditions: { all: [{ fact: 'weight', operator: 'greaterThan', value: 0 }] },
        event: { type: 'o' },
        points: 10,
        reason: 'Old',
      },
      {
        name: 'next-year',
        effectiveFrom: '2027-01-01',
        conditions: { all: [{ fact: 'weight', operator: 'greaterThan', value: 0 }] },
        event: { type: 'n' },
        points: 10,
        reason: 'Next',
      },
    ],
  }),
);
const ruleset = loadRuleSet(dir);

describe('explain', () => {
  it('gives every rule its outcome and every condition its fact value, operator, expected value and result', async () => {
    const c = toConsignment({
      id: 'E1',
      date: '2026-05-01',
      hsCode: '240220',
      origin: 'AE',
      weight: 1000,
      value: 10000,
    });
    const e = await explain({ ruleset, consignment: c, decidedAt: new Date('2026-05-02T00:00:00Z') });
    expect(e.decision).toMatchObject({
      channel: 'red',
      score: 75,
      hits: [{ rule: 'cheap-cigarettes' }, { rule: 'heavy' }],
    });
    expect(e.rules.map((r) => [r.name, r.outcome])).toEqual([
      ['cheap-cigarettes', 'fired'],
      ['heavy', 'fired'],
      ['trial', 'draft'],
      ['old', 'retired'],
      ['next-year', 'not-in-effect'],
    ]);
    expect(e.rules[0]).toMatchObject({ points: 45, reason: 'Cigarettes at 10 per kg' });
    expect(e.rules[0].conditions).toEqual({
      kind: 'all',
      evaluated: true,
      result: true,
      children: [
        {
          kind: 'fact',
          fact: 'hs6',
          operator: 'equal',
          value: '240220',
          evaluated: true,
          factValue: '240220',
          result: true,
        },
        {
          kind: 'fact',
          fact: 'valuePerKg',
          operator: 'lessThan',
          value: 20,
          evaluated: true,
          factValue: 10,
          result: true,
        },
      ],
    });
    expect(e.rules[2]).toMatchObject({ wouldFire: true });
  });

  it('shows short-circuited conditions as not evaluated', async () => {
    const c = toConsignment({ id: 'E2', date: '2026-05-01', hsCode: '610910', weight: 10, value: 100 });
    const e = await explain({ ruleset, consignment: c });
    const children = (e.rules[0].conditions as { children: unknown[] }).children;
    expect(children).toEqual([
      {
        kind: 'fact',
        fact: 'hs6',
        operator: 'equal',
        value: '240220',
        evaluated: true,
        factValue: '610910',
        result: false,
      },
      { kind: 'fact', fact: 'valuePerKg', operator: 'lessThan', value: 20, evaluated: false },
    ]);
    const text = renderExplanation(e);
    expect(text).toContain(
      '    ✘ hs6 = "610910"   equal "240220"\n      · valuePerKg   lessThan 20   (not evaluated: decided before it)\n',
    );
    expect(text).toContain('Decision: GREEN  score 0  (red ≥ 70, yellow ≥ 40)');
    expect(text).toContain('not in effect next-year  (in effect 2027-01-01 to …, judged on 2026-05-01)');
  });

  it('renders not and any, and an any decided by its first priority group', async () => {
    writeFileSync(
      join(dir, 'nested.json'),
      JSON.stringify({
        name: 'nested',
        version: '1',
        thresholds: { red: 70, yellow: 40 },
        rules: [
          {
            name: 'outside-eu-and-heavy-or-valuable',
            conditions: {
              all: [
                { not: { fact: 'origin', operator: 'in', value: ['FR', 'DE'] } },
                {
                  any: [
                    { fact: 'weight', operator: 'greaterThan', value: 10, priority: 5 },
                    { fact: 'value', operator: 'greaterThan', value: 1 },
                  ],
                },
              ],
            },
            event: { type: 'x' },
            points: 10,
            reason: 'r',
          },
        ],
      }),
    );
    const e = await explain({
      ruleset: loadRuleSet(join(dir, 'nested.json')),
      consignment: toConsignment({ id: 'N1', origin: 'CN', weight: 50, value: 10 }),
    });
    expect(renderExplanation(e)).toContain(
      [
        'FIRED         outside-eu-and-heavy-or-valuable  (+10)',
        '    “r”',
        '    ✔ all',
        '      ✔ not',
        '        ✘ origin = "CN"   in ["FR","DE"]',
        '      ✔ any',
        '        ✔ weight = 50   greaterThan 10',
        '        · value   greaterThan 1   (not evaluated: decided before it)',
      ].join('\n'),
    );
  });
});

describe('explain with a fitted statistic', () => {
  const file = join(dir, 'card.json');
  const term = (fact: string, points: number) => ({
    name: `scorecard: ${fact}`,
    conditions: { all: [{ fact, operator: 'greaterThan', value: 0 }] },
    event: { type: 'scorecard', params: { value: { fact } } },
    points,
    statistic: 'scorecard',
    reason: `${fact} {{${fact}}}`,
  });
  writeFileSync(
    file,
    JSON.stringify({
      name: 'card',
      version: '1',
      thresholds: { red: 70, yellow: 40 },
      rules: [term('weight', 12), term('value', -3)],
    }),
  );

  it('shows every term with its own points and reason while the decision holds one hit', async () => {
    const consignment = toConsignment({ id: 'S1', weight: '80', value: '900' });
    const e = await explain({ ruleset: loadRuleSet(file), consignment });
    expect(e.decision.hits.map((h) => [h.rule, h.points])).toEqual([['scorecard', 9]]);
    expect(e.rules.map((r) => [r.name, r.outcome, r.points, r.reason])).toEqual([
      ['scorecard: weight', 'fired', 12, 'weight 80'],
      ['scorecard: value', 'fired', -3, 'value 900'],
    ]);
  });
});
