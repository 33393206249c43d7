import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'rules-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('targeting rules validate, with watchlists and rule tests', () => {
  it('checks the shipped watchlists and tests too', () => {
    const r = runCli(['rules', 'validate', 'rules']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /^checked 7 watchlist entries in 1 file\(s\) \(watchlists@[0-9a-f]{12}\)\nchecked \d+ rule-test cases/,
    );
  });

  it('fails on an expired watchlist entry and a rule test naming a missing rule, with file, line and fix', () => {
    const rules = join(dir, 'rules');
    mkdirSync(join(rules, 'watchlists'), { recursive: true });
    mkdirSync(join(rules, 'tests'));
    cpSync('rules/default.json', join(rules, 'default.json'));
    writeFileSync(
      join(rules, 'watchlists', 'w.csv'),
      'type,id,source,reason,validUntil,confidentiality\nimporter,IM1,FR,old,2020-01-31,restricted\n',
    );
    writeFileSync(
      join(rules, 'tests', 't.json'),
      JSON.stringify({
        cases: [{ name: 'c', consignment: { id: 'X' }, expect: { fires: ['watchlisted-importers'] } }],
      }),
    );
    const r = runCli(['rules', 'validate', rules]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(
      `${join(rules, 'watchlists', 'w.csv')}:2, field "validUntil": importer "IM1" (from FR) expired on 2020-01-31, so it is ignored — renew validUntil if the partner confirms the entry, or remove the row\n` +
        `${join(rules, 'tests', 't.json')}:1, at $.cases[0].expect.fires[0]: case "c": no rule named "watchlisted-importers" in the rule set — did you mean "watchlisted-importer"?\n`,
    );
  });
});
