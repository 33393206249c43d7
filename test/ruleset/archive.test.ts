import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { archiveRuleSet, loadArchivedRuleSet, ruleSetForDecision } from '../../src/ruleset/archive.js';
import { loadRuleSet } from '../../src/ruleset/load.js';

const dir = mkdtempSync(join(tmpdir(), 'archive-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, points: number) => ({
  name,
  version: '1',
  thresholds: { red: 70, yellow: 40 },
  rules: [
    {
      name: `${name}-heavy`,
      conditions: { all: [{ fact: 'weight', operator: 'greaterThan', value: 100 }] },
      event: { type: 't' },
      points,
      reason: 'heavy',
      status: 'active',
    },
  ],
});

describe('rule-set archive', () => {
  it('stores a rule set by id and loads back the same rules under the same id', () => {
    const rules = join(dir, 'one');
    mkdirSync(rules);
    writeFileSync(join(rules, 'a.json'), JSON.stringify(file('a', 10)));
    const ruleset = loadRuleSet(rules);
    const archived = archiveRuleSet(ruleset);
    expect(archived).toBe(join(rules, '.archive', `${ruleset.id}.json`));
    const back = loadArchivedRuleSet(ruleset.id, join(rules, '.archive'));
    expect(back.id).toBe(ruleset.id);
    expect(back.rules).toEqual(ruleset.rules);
  });

  it('archives a rule set made of several files (combined name a+b)', () => {
    const rules = join(dir, 'two');
    mkdirSync(rules);
    writeFileSync(join(rules, 'a.json'), JSON.stringify(file('a', 10)));
    writeFileSync(join(rules, 'b.json'), JSON.stringify(file('b', 20)));
    const ruleset = loadRuleSet(rules);
    expect(ruleset.id).toMatch(/^a\+b@/);
    archiveRuleSet(ruleset, join(dir, 'store'));
    expect(loadArchivedRuleSet(ruleset.id, join(dir, 'store')).rules.map((r) => r.name)).toEqual([
      'a-heavy',
      'b-heavy',
    ]);
  });

  it('finds a past version after the directory has changed', () => {
    const rules = join(dir, 'edited');
    mkdirSync(rules);
    writeFileSync(join(rules, 'a.json'), JSON.stringify(file('a', 10)));
    const v1 = loadRuleSet(rules);
    archiveRuleSet(v1);
    writeFileSync(join(rules, 'a.json'), JSON.stringify(file('a', 30)));
    const again = ruleSetForDecision(v1.id, { rules });
    expect(again.id).toBe(v1.id);
    expect(again.rules[0].points).toBe(10);
  });

  it('refuses an edited archive and an unknown id with a fix', () => {
    const rules = join(dir, 'tamper');
    mkdirSync(rules);
    writeFileSync(join(rules, 'a.json'), JSON.stringify(file('a', 10)));
    const ruleset = loadRuleSet(rules);
    const path = archiveRuleSet(ruleset);
    writeFileSync(path, readFileSync(path, 'utf8').replace('"points":10', '"points":99'));
    expect(() => loadArchivedRuleSet(ruleset.id, join(rules, '.archive'))).toThrow(/hashes to a@[0-9a-f]{12}, not a@/);
    expect(() => loadArchivedRuleSet('a@000000000000', join(rules, '.archive'))).toThrow(
      /is not in the archive .* — pass --rules/,
    );
    expect(() => loadArchivedRuleSet('../../etc/passwd', join(rules, '.archive'))).toThrow(/is not a rule-set id/);
  });

  it('keeps the default rule set loadable from the archive', () => {
    const copy = join(dir, 'default');
    cpSync('rules/default.json', join(copy, 'default.json'), { recursive: true });
    const ruleset = loadRuleSet(copy);
    archiveRuleSet(ruleset);
    expect(existsSync(join(copy, '.archive', `${ruleset.id}.json`))).toBe(true);
    expect(loadArchivedRuleSet(ruleset.id, join(copy, '.archive')).rules.length).toBe(ruleset.rules.length);
  });
});
