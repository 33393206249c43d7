import { loadRuleSet } from '../../src/ruleset/load.js';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'rules-diff-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('targeting rules diff', () => {
  const next = join(dir, 'next');
  mkdirSync(next);
  writeFileSync(
    join(next, 'default.json'),
    readFileSync('rules/default.json', 'utf8').replace('"value": 20 }', '"value": 60 }'),
  );
  const empty = join(dir, 'no-watchlists');
  mkdirSync(empty);
  writeFileSync(join(empty, 'none.csv'), 'type,id,source,reason,validUntil,confidentiality\n');

  it('diffs two rule sets on mapped, labelled data: changes, transition matrix, causes, precision', () => {
    // Equal scores rank by id: D2 (compliant) before D9 (illicit), so the old set catches nothing in its top 1 %.
    const data = join(dir, 'flow.csv');
    writeFileSync(
      data,
      [
        'DECL,DAY,HS,origin,departure,weight,value,taxes,illicit',
        'D9,2026-03-02,240220,CN,CN,100,3000,600,1',
        'D2,2026-03-02,610910,CN,CN,100,1300,260,0',
      ].join('\n'),
    );
    const mapping = join(dir, 'mapping.json');
    writeFileSync(
      mapping,
      JSON.stringify({
        columns: {
          id: 'DECL',
          date: 'DAY',
          hsCode: 'HS',
          origin: 'origin',
          departure: 'departure',
          weight: 'weight',
          value: 'value',
          taxes: 'taxes',
          illicit: 'illicit',
        },
      }),
    );
    const r = runCli([
      'rules',
      'diff',
      'rules',
      next,
      '--data',
      data,
      '--mapping',
      mapping,
      '--json',
      '--watchlists',
      empty,
    ]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect([out.added, out.removed, out.settings]).toEqual([[], [], []]);
    expect(out.changed).toEqual([
      {
        rule: 'cigarettes-below-reference-price',
        fields: [],
        conditions: [
          { at: 'all[1]', change: 'changed', before: 'valuePerKg lessThan 20', after: 'valuePerKg lessThan 60' },
        ],
      },
    ]);
    expect(out.data).toMatchObject({
      rows: 2,
      rejected: 0,
      changedChannel: 1,
      transitions: { green: { green: 1, yellow: 1, red: 0 } },
    });
    expect(out.data.causes).toEqual([{ rule: 'cigarettes-below-reference-price', nowFires: 1, noLongerFires: 0 }]);
    expect(out.data.sample).toEqual([
      {
        id: 'D9',
        before: { channel: 'green', score: 0, rules: [] },
        after: { channel: 'yellow', score: 45, rules: ['cigarettes-below-reference-price'] },
        causes: ['cigarettes-below-reference-price'],
      },
    ]);
    expect([out.data.quality.before.precisionAt['1'], out.data.quality.after.precisionAt['1']]).toEqual([0, 1]);
  });

  it('prints the structural diff alone without data', () => {
    const r = runCli(['rules', 'diff', 'rules', next]);
    expect(r.status).toBe(0);
    const n = loadRuleSet('rules').rules.length;
    expect(r.stdout.replace(/@[0-9a-f]{12}/g, '@ID')).toBe(
      `Old default@ID (${n} rules run) → new default@ID (${n} rules run)\nChanged (1):\n  cigarettes-below-reference-price\n    ~ all[1]: valuePerKg lessThan 20 → valuePerKg lessThan 60\n`,
    );
  });
});
