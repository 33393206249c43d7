import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRuleSet } from '../../src/ruleset/load.js';
import { loadRuleTests } from '../../src/ruletest/load.js';
import { renderRuleTestReport } from '../../src/ruletest/report.js';
import { runRuleTests } from '../../src/ruletest/run.js';
import { indexWatchlists } from '../../src/watchlist/index-lookup.js';
import { loadWatchlists } from '../../src/watchlist/load.js';

const dir = mkdtempSync(join(tmpdir(), 'ruletest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function testFile(name: string, cases: unknown[]): string {
  mkdirSync(join(dir, name), { recursive: true });
  const file = join(dir, name, 'cases.json');
  writeFileSync(file, JSON.stringify({ cases }, null, 2));
  return file;
}

const phones = { id: 'P1', date: '2026-03-02', hsCode: '851712', weight: 10, value: 3000, taxes: 600 };

describe('the default rule set tests', () => {
  const ruleset = loadRuleSet('rules');

  it('pass, and every rule fires in at least one case', async () => {
    const { cases, errors } = loadRuleTests('rules/tests', ruleset);
    expect(errors).toEqual([]);
    const results = await runRuleTests(cases, {
      ruleset,
      watchlists: indexWatchlists(loadWatchlists('rules/watchlists')),
    });
    expect(results.filter((r) => !r.passed).map((r) => [r.case.name, r.failures])).toEqual([]);
    const fired = new Set(results.flatMap((r) => r.decision.hits.map((h) => h.rule)));
    expect(ruleset.rules.map((r) => r.name).filter((n) => !fired.has(n))).toEqual([]);
  });
});

describe('runRuleTests', () => {
  const ruleset = loadRuleSet('rules');

  it('reports expected and actual, and the conditions that decided it', async () => {
    const file = testFile('fail', [
      {
        name: 'phones at 400 per kg',
        consignment: { ...phones, value: 4000 },
        expect: { channel: 'yellow', fires: ['phones-below-reference-price'], score: { min: 40 } },
      },
    ]);
    const { cases } = loadRuleTests(file, ruleset);
    const [r] = await runRuleTests(cases, { ruleset });
    expect(r.passed).toBe(false);
    expect(r.failures).toEqual([
      'channel: expected yellow, got green (score 0)',
      'expected "phones-below-reference-price" to fire, it did not',
      'score: expected 40 to …, got 0',
    ]);
    expect(renderRuleTestReport([r])).toContain(
      [
        'not fired     phones-below-reference-price',
        '          ✘ all',
        '            ✔ hs6 = "851712"   equal "851712"',
        '            ✘ valuePerKg = 400   lessThan 350',
      ].join('\n'),
    );
  });

  it('uses feature values given by the case in place of watchlist look-ups', async () => {
    const entry = { type: 'importer', id: 'IMX', source: 'FR-DGDDI', reason: 'seized' };
    const file = testFile('features', [
      {
        name: 'listed',
        consignment: phones,
        features: { 'watchlist.importer': entry },
        expect: { channel: 'red', fires: ['watchlisted-importer'], score: 90 },
      },
      {
        name: 'not listed',
        consignment: phones,
        features: { 'watchlist.importer': null },
        expect: { notFires: ['watchlisted-importer'], score: { max: 40 } },
      },
    ]);
    const results = await runRuleTests(loadRuleTests(file, ruleset).cases, { ruleset });
    expect(results.map((r) => r.passed)).toEqual([true, true]);
    expect(results[0].decision.hits[0].reason).toBe('Importer is on a watchlist shared by FR-DGDDI: seized');
  });

  it('uses profile feature values given by the case; a profile fact not given is missing', async () => {
    const rules = join(dir, 'profile');
    mkdirSync(rules, { recursive: true });
    writeFileSync(
      join(rules, 'set.json'),
      JSON.stringify({
        name: 'p',
        version: '1',
        thresholds: { red: 70, yellow: 40 },
        rules: [
          {
            name: 'risky-importer',
            conditions: { all: [{ fact: 'importer.riskPoints', operator: 'greaterThan', value: 10 }] },
            event: { type: 'r' },
            points: 40,
            reason: 'importer at {{importer.riskPoints}} risk points',
          },
        ],
      }),
    );
    const ruleset = loadRuleSet(rules);
    const file = testFile('profile-tests', [
      {
        name: 'risky',
        consignment: phones,
        features: { 'importer.riskPoints': 12 },
        expect: { fires: ['risky-importer'], channel: 'yellow' },
      },
      { name: 'no history', consignment: phones, expect: { notFires: ['risky-importer'], channel: 'green' } },
    ]);
    const results = await runRuleTests(loadRuleTests(file, ruleset).cases, { ruleset });
    expect(results.map((r) => [r.passed, r.decision.hits.map((h) => h.reason)])).toEqual([
      [true, ['importer at 12 risk points']],
      [true, []],
    ]);
  });

  it('says when an expected rule is a draft not run', async () => {
    const rules = join(dir, 'drafts');
    mkdirSync(rules, { recursive: true });
    writeFileSync(
      join(rules, 'set.json'),
      JSON.stringify({
        name: 'd',
        version: '1',
        thresholds: { red: 70, yellow: 40 },
        rules: [
          {
            name: 'trial',
            status: 'draft',
            conditions: { all: [{ fact: 'weight', operator: 'greaterThan', value: 1 }] },
            event: { type: 't' },
            points: 50,
            reason: 'x',
          },
        ],
      }),
    );
    const file = testFile('drafts-tests', [
      { name: 'trial fires', consignment: phones, expect: { fires: ['trial'], channel: 'yellow' } },
    ]);
    const without = loadRuleSet(rules);
    const [r] = await runRuleTests(loadRuleTests(file, without).cases, { ruleset: without });
    expect(r.failures).toContain('expected "trial" to fire, it did not — it is a draft: run with --include-drafts');
    const withDrafts = loadRuleSet(rules, { includeDrafts: true });
    const [ok] = await runRuleTests(loadRuleTests(file, withDrafts).cases, { ruleset: withDrafts });
    expect(ok.passed).toBe(true);
  });

  it('ignores random inspection: a case tests the rules', async () => {
    const rules = join(dir, 'random');
    mkdirSync(rules, { recursive: true });
    writeFileSync(
      join(rules, 'set.json'),
      JSON.stringify({
        name: 'r',
        version: '1',
        thresholds: { red: 70, yellow: 40 },
        randomInspection: { rate: 1, seed: 's' },
        rules: [
          {
            name: 'never',
            conditions: { all: [{ fact: 'weight', operator: 'lessThan', value: 0 }] },
            event: { type: 't' },
            reason: 'x',
          },
        ],
      }),
    );
    const ruleset = loadRuleSet(rules);
    const file = testFile('random-tests', [{ name: 'green', consignment: phones, expect: { channel: 'green' } }]);
    const [r] = await runRuleTests(loadRuleTests(file, ruleset).cases, { ruleset });
    expect(r.passed).toBe(true);
  });
});
