import type { RuleDefinition } from './types.js';

/**
 * Is the rule in effect on a day (YYYY-MM-DD)? Dates are inclusive. Status is
 * applied when the rule set loads (retired and, unless asked, draft rules are
 * left out); this is the per-consignment half of the lifecycle.
 */
export function inEffect(rule: RuleDefinition, day: string): boolean {
  if (rule.effectiveFrom !== undefined && day < rule.effectiveFrom) return false;
  if (rule.effectiveTo !== undefined && day > rule.effectiveTo) return false;
  return true;
}

/** The day a consignment is judged on: its declaration date, else the decision's. */
export function decisionDay(consignmentDate: string | undefined, decidedAt: Date): string {
  return consignmentDate ?? decidedAt.toISOString().slice(0, 10);
}
