import type { Firing } from '../ruleset/firing.js';
import type { Hit } from './decision.js';

/**
 * The score is the sum of the fired rules' points, clamped to 0–100 and rounded
 * to 2 decimals: points are written directly in score units, so a rule worth 30
 * moves a consignment 30 points toward the red threshold.
 */
export function scoreOf(hits: readonly Hit[]): number {
  let sum = 0;
  for (const h of hits) sum += h.points;
  return Math.round(Math.min(100, Math.max(0, sum)) * 100) / 100;
}

/** A rule's points: its event's `points` param when that resolved to a number (a fact's value), else the rule's own. */
export function pointsOf(f: Firing): number {
  const p = f.params.points;
  if (typeof p === 'number' && Number.isFinite(p)) return Math.round(p * 100) / 100;
  return f.rule.points ?? 0;
}

export function hitOf(f: Firing): Hit {
  return { rule: f.rule.name, points: pointsOf(f), reason: f.reason };
}
