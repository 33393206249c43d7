import type { Decider } from '../decision/decision.js';
import type { Thresholds } from '../ruleset/types.js';
import type { Outcome } from './baselines.js';
import { scoredRow } from './baselines.js';
import type { ScoredRow } from './metrics.js';

/** What one rule set did to each test declaration. */
export interface TestScores {
  /** Sum of the fired rules' points, before the decision's 0–100 clamp. */
  points: Float64Array;
  /** Names of the rules that fired, per declaration. */
  rules: string[][];
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
  const otherRed = new Uint8Array(test.length);
  test.forEach((o, i) => {
    const d = decider.decide(o.consignment);
    let sum = 0;
    const names: string[] = [];
    for (const h of d.hits) {
      sum += h.points;
      names.push(h.rule);
    }
    points[i] = sum;
    rules[i] = names;
    if (d.channel === 'red' && (d.selection === 'random' || d.score < thresholds.red)) otherRed[i] = 1;
  });
  return { points, rules, otherRed };
}

/** Two rule sets run together: their points add up and their hits are pooled (rules are independent). */
export function combineScores(a: TestScores, b: TestScores): TestScores {
  return {
    points: a.points.map((p, i) => p + b.points[i]),
    rules: a.rules.map((r, i) => [...r, ...b.rules[i]]),
    otherRed: a.otherRed.map((r, i) => r | b.otherRed[i]),
  };
}

export function rankedRows(test: readonly Outcome[], scores: TestScores): ScoredRow[] {
  return test.map((o, i) => scoredRow(o, scores.points[i]));
}
