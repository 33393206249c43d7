import type { Decider } from '../decision/decision.js';
import type { Thresholds } from '../ruleset/types.js';
import type { Outcome } from './baselines.js';
import { scoredRow } from './baselines.js';
import type { ScoredRow } from './metrics.js';

/** What one rule set did to each test declaration. */
export interface TestScores {
  /** Sum of the fired rules' points, before the decision's 0–100 clamp. */
  points: Float64Array;
  /** Names of the rules that fired, per declaration, and their points. */
  rules: string[][];
  rulePoints: number[][];
  /** Red for another reason than the score: a random inspection, a rule forcing red. */
  otherRed: Uint8Array;
}

/**
 * Runs a decider over the test declarations. The ranking uses the unclamped
 * sum of points: the clamp is monotone, so the order agrees with the
 * decision's score, and declarations past 100 stay ordered instead of tying.
 */
export function scoreTest(decider: Decider, thresholds: Thresholds, test: readonly Outcome[]): TestScores {
  const points = new Float64Array(test.length);
  const rules: string[][] = new Array(test.length);
  const rulePoints: number[][] = new Array(test.length);
  const otherRed = new Uint8Array(test.length);
  // One decision time for the whole backtest: rules in effect are judged on each declaration's own date.
  const decidedAt = new Date();
  test.forEach((o, i) => {
    const d = decider.decide(o.consignment, decidedAt);
    let sum = 0;
    const names: string[] = [];
    const each: number[] = [];
    for (const h of d.hits) {
      sum += h.points;
      names.push(h.rule);
      each.push(h.points);
    }
    points[i] = sum;
    rules[i] = names;
    rulePoints[i] = each;
    if (d.channel === 'red' && (d.selection === 'random' || d.score < thresholds.red)) otherRed[i] = 1;
  });
  return { points, rules, rulePoints, otherRed };
}

/** The points of only some of the rules (one of the files loaded together), per declaration. */
export function pointsOfRules(scores: TestScores, names: ReadonlySet<string>): Float64Array {
  return Float64Array.from(scores.rules, (rules, i) => {
    let sum = 0;
    rules.forEach((r, k) => {
      if (names.has(r)) sum += scores.rulePoints[i][k];
    });
    return sum;
  });
}

export function rankedRows(test: readonly Outcome[], points: Float64Array): ScoredRow[] {
  return test.map((o, i) => scoredRow(o, points[i]));
}
