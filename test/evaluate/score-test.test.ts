import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDecider } from '../../src/decision/decide.js';
import type { Outcome } from '../../src/evaluate/baselines.js';
import { loadTogether } from '../../src/evaluate/load-together.js';
import { pointsOfRules, scoreTest } from '../../src/evaluate/score-test.js';

const dir = mkdtempSync(join(tmpdir(), 'score-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ruleFile(name: string, rules: object[], extra: object = {}): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ name, version: '1', thresholds: { red: 70, yellow: 40 }, rules, ...extra }));
  return file;
}

const rule = (name: string, points: number, min: number, channel?: string) => ({
  name,
  conditions: { all: [{ fact: 'value', operator: 'greaterThanInclusive', value: min }] },
  event: { type: 'test' },
  points,
  reason: name,
  ...(channel ? { channel } : {}),
});

const outcome = (id: string, value: number): Outcome => ({ consignment: { id, value, extra: {} }, illicit: false });

describe('scoreTest over rule files loaded together', () => {
  const hand = ruleFile('hand', [rule('big', 60, 1000), rule('forced', 5, 5000, 'red')]);
  const card = ruleFile('card', [rule('card: huge', 80, 2000)]);
  const together = loadTogether([hand, card]);
  const test = [outcome('a', 10), outcome('b', 1500), outcome('c', 3000), outcome('d', 6000)];
  const scores = scoreTest(createDecider({ ruleset: together }), together.thresholds, test);

  it('adds points unclamped and splits them back per file', () => {
    expect(Array.from(scores.points)).toEqual([0, 60, 140, 145]);
    expect(Array.from(pointsOfRules(scores, new Set(['big', 'forced'])))).toEqual([0, 60, 60, 65]);
    expect(Array.from(pointsOfRules(scores, new Set(['card: huge'])))).toEqual([0, 0, 80, 80]);
    expect(scores.rules[3].sort()).toEqual(['big', 'card: huge', 'forced']);
  });

  it('tells red for another reason than the score from red by threshold', () => {
    // d is red by its score anyway; only a forced red below the threshold counts as another reason.
    expect(Array.from(scores.otherRed)).toEqual([0, 0, 0, 0]);
    const low = ruleFile('low', [rule('forced-low', 5, 1000, 'red')]);
    const s = scoreTest(createDecider({ ruleset: loadTogether([low]) }), { red: 70, yellow: 40 }, [outcome('x', 2000)]);
    expect(Array.from(s.otherRed)).toEqual([1]);
  });

  it('refuses files that would not load together', () => {
    const clash = ruleFile('clash', [rule('big', 1, 0)]);
    expect(() => loadTogether([hand, clash])).toThrow(/duplicate rule name "big"/);
  });
});
