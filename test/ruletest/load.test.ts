import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRuleSet } from '../../src/ruleset/load.js';
import { loadRuleTests } from '../../src/ruletest/load.js';

const dir = mkdtempSync(join(tmpdir(), 'ruletest-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ruleset = loadRuleSet('rules');

function problems(doc: unknown): string[] {
  const file = join(dir, 'cases.json');
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return loadRuleTests(file, ruleset).errors.map((e) => e.message.replace(file, 'F'));
}

describe('loadRuleTests', () => {
  it('names the file, line, case and fix of each problem', () => {
    const c = {
      name: 'typos',
      consignment: { id: 'X', hsCode: '85171' },
      features: { 'watchlist.importr': null, hs6: '851712' },
      expect: {
        fires: ['phones-below-referenceprice'],
        notFires: ['cars-implausibly-cheap'],
        score: { min: 50, max: 40 },
      },
    };
    expect(problems({ cases: [c, { ...c }] })).toEqual([
      'F:15, at $.cases[0].expect.fires[0]: case "typos": no rule named "phones-below-referenceprice" in the rule set — did you mean "phones-below-reference-price"?',
      'F:10, at $.cases[0].features["watchlist.importr"]: case "typos": unknown fact "watchlist.importr" — did you mean "watchlist.importer"? run `targeting features` for the list',
      'F:11, at $.cases[0].features.hs6: case "typos": "hs6" is computed from the consignment — set the consignment fields it is computed from instead',
      'F:20, at $.cases[0].expect.score: case "typos": score range min 50 is above max 40 — swap them',
      'F:7, at $.cases[0].consignment.hsCode: case "typos": the consignment does not load: record X, field "hsCode": "85171" is not an HS code — expected 6 to 10 digits, e.g. 610910 or 6109.10.00',
      expect.stringMatching(
        /^F:\d+, at \$\.cases\[1\]\.name: case "typos": duplicate case name "typos" — give each case its own name$/,
      ),
      expect.stringContaining('case "typos": no rule named "phones-below-referenceprice"'),
      expect.stringContaining('unknown fact "watchlist.importr"'),
      expect.stringContaining('"hs6" is computed'),
      expect.stringContaining('score range'),
      expect.stringContaining('is not an HS code'),
    ]);
  });

  it('suggests the right property for a misspelt one', () => {
    expect(problems({ cases: [{ name: 'c', consignment: { id: 'X' }, expect: { chanel: 'red' } }] })).toEqual([
      'F:9, at $.cases[0].expect.chanel: case "c": unknown property "chanel" — did you mean "channel"? a case has name, consignment, features, decidedAt and expect {channel, fires, notFires, score}',
    ]);
  });

  it('reports invalid JSON with its position', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"cases": [ {"name": "x",} ]}');
    expect(loadRuleTests(file, ruleset).errors.map((e) => e.message)).toEqual([
      `${file}:1:26: invalid JSON: a property name in double quotes is expected — fix the syntax at that position (a missing comma, quote or bracket)`,
    ]);
  });

  it('has no cases and no errors when there is no tests directory', () => {
    expect(loadRuleTests(join(dir, 'none'), ruleset)).toEqual({ cases: [], errors: [] });
  });
});
