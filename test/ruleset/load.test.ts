import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkRuleSet, loadRuleSet, RuleSetValidationError } from '../../src/ruleset/load.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rules-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function ruleSet(rules: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ name: 'test', version: '1', thresholds: { red: 70, yellow: 40 }, rules, ...extra }, null, 2);
}

const rule = (name: string, conditions: unknown, more: Record<string, unknown> = {}) => ({
  name,
  conditions,
  event: { type: 'risk' },
  points: 10,
  reason: 'why',
  ...more,
});

/** line:column of the first occurrence of a snippet: where the message must point. */
function at(text: string, snippet: string): string {
  const before = text.slice(0, text.indexOf(snippet)).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

function messages(text: string, file = 'set.json'): string[] {
  writeFileSync(join(dir, file), text);
  return checkRuleSet(dir).errors.map((e) => e.message.replace(dir + '/', ''));
}

describe('rule-set validation messages', () => {
  it('names an unknown operator, with the closest one and the list allowed', () => {
    const text = ruleSet([rule('cheap', { all: [{ fact: 'valuePerKg', operator: 'lessThen', value: 3 }] })]);
    const [m] = messages(text);
    expect(m).toBe(
      `set.json:${at(text, '"operator": "lessThen"')}, rule "cheap", at $.rules[0].conditions.all[0].operator: unknown operator "lessThen" — did you mean "lessThan"? allowed: equal, notEqual, in, notIn, contains, doesNotContain, lessThan, lessThanInclusive, greaterThan, greaterThanInclusive, startsWith, startsWithAny, between (json-rules-engine decorators someFact:, everyFact:, someValue:, everyValue:, swap:, not: may prefix them)`,
    );
  });

  it('names an unknown fact and suggests the known one', () => {
    const text = ruleSet([rule('hs', { all: [{ fact: 'hsCod', operator: 'equal', value: '610910' }] })]);
    const [m] = messages(text);
    expect(m).toBe(
      `set.json:${at(text, '"fact": "hsCod"')}, rule "hs", at $.rules[0].conditions.all[0].fact: unknown fact "hsCod" — did you mean "hsCode"? run \`targeting features\` for the list, or declare it under "facts"`,
    );
  });

  it('rejects a value of the wrong type for its operator', () => {
    const text = ruleSet([rule('heavy', { all: [{ fact: 'weight', operator: 'greaterThan', value: '100' }] })]);
    const [m] = messages(text);
    expect(m).toBe(
      `set.json:${at(text, '"value": "100"')}, rule "heavy", at $.rules[0].conditions.all[0].value: "greaterThan" needs a number, got "100"`,
    );
  });

  it('rejects a numeric comparison on a text fact', () => {
    const text = ruleSet([rule('o', { any: [{ fact: 'origin', operator: 'lessThan', value: 5 }] })]);
    const [m] = messages(text);
    expect(m).toBe(
      `set.json:${at(text, '"operator": "lessThan"')}, rule "o", at $.rules[0].conditions.any[0].operator: "lessThan" compares numbers but fact "origin" is text — use equal, in or startsWith`,
    );
  });

  it('rejects duplicate rule names', () => {
    const c = { all: [{ fact: 'weight', operator: 'greaterThan', value: 1 }] };
    const [m] = messages(ruleSet([rule('same', c), rule('same', c)]));
    expect(m).toMatch(
      /^set\.json:\d+:\d+, rule "same", at \$\.rules\[1\]\.name: duplicate rule name "same": rule 2 of the file, already the name of rule 1 — rule names must be unique in a rule set$/,
    );
  });

  it('refuses a number compared with a text fact: the condition could never pass', () => {
    const text = ruleSet([
      rule('chapters', { all: [{ fact: 'hs2', operator: 'in', value: [61, 62] }] }),
      rule('wine', { all: [{ fact: 'hs6', operator: 'equal', value: 240220 }] }),
      rule('fine', { all: [{ fact: 'hs2', operator: 'in', value: ['61', '62'] }] }),
    ]);
    expect(messages(text)).toEqual([
      `set.json:${at(text, '"value": [')}, rule "chapters", at $.rules[0].conditions.all[0].value: hs2 is text: write "61" — a number never equals text, so the comparison is decided before any consignment arrives; write ["61","62"]`,
      `set.json:${at(text, '"value": 240220')}, rule "wine", at $.rules[1].conditions.all[0].value: hs6 is text: write "240220" — a number never equals text, so the comparison is decided before any consignment arrives`,
    ]);
  });

  it('refuses a date that is not on the calendar', () => {
    const c = { all: [{ fact: 'weight', operator: 'greaterThan', value: 1 }] };
    const text = ruleSet([rule('r', c, { effectiveFrom: '2026-13-01', effectiveTo: '2026-02-29' })]);
    expect(messages(text)).toEqual([
      `set.json:${at(text, '"effectiveFrom"')}, rule "r", at $.rules[0].effectiveFrom: effectiveFrom "2026-13-01" is not a calendar date — write a real day as YYYY-MM-DD, e.g. 2026-03-31`,
      `set.json:${at(text, '"effectiveTo"')}, rule "r", at $.rules[0].effectiveTo: effectiveTo "2026-02-29" is not a calendar date — write a real day as YYYY-MM-DD, e.g. 2026-03-31`,
    ]);
  });

  it('suggests the closest status for a misspelt one', () => {
    const c = { all: [{ fact: 'weight', operator: 'greaterThan', value: 1 }] };
    const text = ruleSet([rule('r', c, { status: 'drfat' })]);
    expect(messages(text)).toEqual([
      `set.json:${at(text, '"status"')}, rule "r", at $.rules[0].status: "drfat" is not allowed: must be one of "draft", "active", "retired" — did you mean "draft"?`,
    ]);
  });

  it('rejects thresholds out of order', () => {
    const [m] = messages(ruleSet([], { thresholds: { red: 30, yellow: 60 } }));
    expect(m).toBe(
      'set.json:4:3, at $.thresholds: thresholds out of order: yellow (60) is above red (30) — need 0 ≤ yellow ≤ red ≤ 100',
    );
  });

  it('gives the line and column of invalid JSON', () => {
    const [m] = messages('{\n  "name": "x",\n  "version": "1"\n  "thresholds": {}\n}\n');
    expect(m).toBe(
      'set.json:4:3: invalid JSON: a comma is missing — fix the syntax at that position (a missing comma, quote or bracket)',
    );
  });

  it('names an unknown property and lists the allowed ones', () => {
    const text = ruleSet([
      rule('x', { all: [{ fact: 'weight', operator: 'greaterThan', value: 1 }] }, { colour: 'red' }),
    ]);
    const [m] = messages(text);
    expect(m).toBe(
      `set.json:${at(text, '"colour"')}, rule "x", at $.rules[0].colour: unknown property "colour" — allowed: name, description, conditions, event, priority, points, reason, channel, status, effectiveFrom, effectiveTo, owner, statistic`,
    );
  });

  it('reports every problem in one pass, in file order', () => {
    const bad = ruleSet(
      [
        rule('a', {
          all: [
            { fact: 'nope', operator: 'equal', value: 1 },
            { fact: 'weight', operator: 'bigger', value: 1 },
          ],
        }),
      ],
      { thresholds: { red: 10, yellow: 20 } },
    );
    writeFileSync(join(dir, 'set.json'), bad);
    expect(checkRuleSet(dir).errors.map((e) => e.code)).toEqual([
      'THRESHOLDS_ORDER',
      'UNKNOWN_FACT',
      'UNKNOWN_OPERATOR',
    ]);
  });

  it('accepts declared facts read from extra attributes', () => {
    const text = ruleSet(
      [rule('containers', { all: [{ fact: 'containerCount', operator: 'greaterThan', value: 3 }] })],
      {
        facts: { containerCount: { type: 'number', description: 'Containers in the shipment' } },
      },
    );
    expect(messages(text)).toEqual([]);
  });
});

describe('loadRuleSet', () => {
  const c = { all: [{ fact: 'weight', operator: 'greaterThan', value: 1 }] };

  it('gives an id that is name@12 hex digits and ignores key order and whitespace', () => {
    writeFileSync(join(dir, 'a.json'), ruleSet([rule('x', c)]));
    const first = loadRuleSet(dir).id;
    const reordered = {
      rules: [{ reason: 'why', points: 10, event: { type: 'risk' }, conditions: c, name: 'x' }],
      thresholds: { yellow: 40, red: 70 },
      version: '1',
      name: 'test',
    };
    writeFileSync(join(dir, 'a.json'), JSON.stringify(reordered));
    expect(first).toMatch(/^test@[0-9a-f]{12}$/);
    expect(loadRuleSet(dir).id).toBe(first);
    writeFileSync(join(dir, 'a.json'), ruleSet([rule('x', c, { points: 11 })]));
    expect(loadRuleSet(dir).id).not.toBe(first);
  });

  it('leaves retired rules out, and drafts unless asked', () => {
    writeFileSync(
      join(dir, 'a.json'),
      ruleSet([rule('live', c), rule('trial', c, { status: 'draft' }), rule('old', c, { status: 'retired' })]),
    );
    expect(loadRuleSet(dir).rules.map((r) => r.name)).toEqual(['live']);
    expect(loadRuleSet(dir, { includeDrafts: true }).rules.map((r) => r.name)).toEqual(['live', 'trial']);
  });

  it('throws every problem at once', () => {
    writeFileSync(join(dir, 'a.json'), ruleSet([rule('x', { all: [{ fact: 'nope', operator: 'nah', value: 1 }] })]));
    try {
      loadRuleSet(dir);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RuleSetValidationError);
      expect((e as RuleSetValidationError).errors.map((x) => x.code)).toEqual(['UNKNOWN_FACT', 'UNKNOWN_OPERATOR']);
    }
  });

  it('combines several files and refuses a rule name used twice across them', () => {
    writeFileSync(join(dir, 'a.json'), ruleSet([rule('x', c)]));
    writeFileSync(
      join(dir, 'b.json'),
      JSON.stringify({ name: 'extra', version: '2', thresholds: { red: 70, yellow: 40 }, rules: [rule('y', c)] }),
    );
    const rs = loadRuleSet(dir);
    expect(rs.name).toBe('test+extra');
    expect(rs.rules.map((r) => r.name)).toEqual(['x', 'y']);
    writeFileSync(
      join(dir, 'b.json'),
      JSON.stringify({ name: 'extra', version: '2', thresholds: { red: 70, yellow: 40 }, rules: [rule('x', c)] }),
    );
    expect(checkRuleSet(dir).errors.map((e) => e.code)).toEqual(['DUPLICATE_RULE']);
  });

  it('takes the thresholds of a calibrated file, and refuses calibrated files that disagree', () => {
    const calibration = {
      targetRate: 0.05,
      yellowRate: 0.1,
      fittedOn: 'validation',
      shares: { red: 0.05, yellow: 0.1 },
    };
    const fitted = (name: string, red: number) =>
      JSON.stringify({ name, version: '1', thresholds: { red, yellow: 20 }, calibration, rules: [rule(name, c)] });
    writeFileSync(join(dir, 'a.json'), ruleSet([rule('x', c)]));
    writeFileSync(join(dir, 'b.json'), fitted('card', 55));
    const rs = loadRuleSet(dir);
    expect(rs.thresholds).toEqual({ red: 55, yellow: 20 });
    expect(rs.source.calibration).toEqual(calibration);
    writeFileSync(join(dir, 'c.json'), fitted('other', 60));
    expect(checkRuleSet(dir).errors.map((e) => [e.code, e.message])).toEqual([
      ['THRESHOLDS_DIFFER', expect.stringContaining('thresholds differ from')],
    ]);
    // Without a calibrated file, files that disagree are refused as before.
    rmSync(join(dir, 'b.json'));
    rmSync(join(dir, 'c.json'));
    writeFileSync(join(dir, 'b.json'), ruleSet([rule('y', c)], { name: 'extra', thresholds: { red: 60, yellow: 20 } }));
    expect(checkRuleSet(dir).errors.map((e) => e.code)).toEqual(['THRESHOLDS_DIFFER']);
  });

  it('loads the shipped default rule set', () => {
    const rs = loadRuleSet('rules');
    expect(rs.id).toMatch(/^default@[0-9a-f]{12}$/);
    expect(rs.rules.length).toBeGreaterThan(15);
  });
});
