import type { Consignment } from '../declaration/record.js';
import { createDecider } from '../decision/decide.js';
import type { Decision } from '../decision/decision.js';
import { hitOf } from '../decision/score.js';
import { buildCatalog } from '../features/catalog.js';
import type { ModelFacts, ProfileFacts, WatchlistFacts } from '../features/fact.js';
import { byPriority } from '../ruleset/firing.js';
import { decisionDay, inEffect } from '../ruleset/lifecycle.js';
import { referenceRuleSet } from '../ruleset/reference.js';
import type { LoadedRuleSet, RuleDefinition } from '../ruleset/types.js';
import { traceOf, unevaluated, type ConditionTrace } from './trace.js';

/**
 * fired: ran and passed. not-fired: ran and failed. not-in-effect: outside its
 * effectiveFrom/To on the consignment's day. draft / retired: not in the rule
 * set that decides (a draft's conditions are still evaluated, to trial it).
 */
export type RuleOutcome = 'fired' | 'not-fired' | 'not-in-effect' | 'draft' | 'retired';

export interface RuleTrace {
  name: string;
  outcome: RuleOutcome;
  /** For a draft: would it fire if it were active? */
  wouldFire?: boolean;
  priority: number;
  points?: number;
  channel?: string;
  /** The reason as the officer reads it (fired rules only). */
  reason?: string;
  effectiveFrom?: string;
  effectiveTo?: string;
  conditions: ConditionTrace;
}

export interface Explanation {
  consignment: string;
  /** The day rules were judged on (effective dates). */
  day: string;
  ruleset: string;
  profile?: string;
  watchlists?: string;
  thresholds: LoadedRuleSet['thresholds'];
  decision: Decision;
  rules: RuleTrace[];
}

export interface ExplainInput {
  ruleset: LoadedRuleSet;
  consignment: Consignment;
  profile?: ProfileFacts;
  watchlists?: WatchlistFacts;
  model?: ModelFacts;
  decidedAt?: Date;
}

/**
 * The decision (from the compiled engine, as a worker makes it) and, for every
 * rule of the rule set, fired or not, what json-rules-engine evaluated.
 */
export async function explain(input: ExplainInput): Promise<Explanation> {
  const { ruleset, consignment, profile, watchlists, model } = input;
  const decidedAt = input.decidedAt ?? new Date();
  const decision = createDecider({ ruleset, profile, watchlists, model }).decide(consignment, decidedAt);
  const day = decisionDay(consignment.date, decidedAt);
  const loaded = new Set(ruleset.rules.map((r) => r.name));
  // Every rule of the source, drafts and retired included: one engine run gives them all a trace.
  const all = byPriority(ruleset.source.rules);
  const catalog = buildCatalog(ruleset.declaredFacts);
  const reference = referenceRuleSet(all, catalog);
  const run = await reference.run({ consignment, profile, watchlists, model });
  const results = new Map([...run.results, ...run.failureResults].map((r) => [r.name as string, r]));
  // Each rule's own points and reason, also for the terms the decision folds into one statistic hit.
  const fired = await referenceRuleSet(ruleset.rules, catalog).evaluate({ consignment, profile, watchlists }, day);
  const hits = new Map(fired.map((f) => [f.rule.name, hitOf(f)]));

  const rules = all.map((rule): RuleTrace => {
    const result = results.get(rule.name);
    const passed = result?.result === true;
    const outcome = outcomeOf(rule, loaded.has(rule.name), passed, day);
    const hit = hits.get(rule.name);
    return {
      name: rule.name,
      outcome,
      ...(outcome === 'draft' ? { wouldFire: passed && inEffect(rule, day) } : {}),
      priority: rule.priority ?? 1,
      ...(hit ? { points: hit.points, reason: hit.reason } : rule.points !== undefined ? { points: rule.points } : {}),
      ...(rule.channel ? { channel: rule.channel } : {}),
      ...(rule.effectiveFrom ? { effectiveFrom: rule.effectiveFrom } : {}),
      ...(rule.effectiveTo ? { effectiveTo: rule.effectiveTo } : {}),
      conditions: result ? traceOf(result.conditions, result.result === true) : unevaluated(rule.conditions),
    };
  });
  return {
    consignment: consignment.id,
    day,
    ruleset: ruleset.id,
    ...(profile ? { profile: profile.id } : {}),
    ...(watchlists ? { watchlists: watchlists.id } : {}),
    thresholds: ruleset.thresholds,
    decision,
    rules,
  };
}

function outcomeOf(rule: RuleDefinition, loaded: boolean, passed: boolean, day: string): RuleOutcome {
  if (!loaded) return rule.status === 'draft' ? 'draft' : 'retired';
  if (!inEffect(rule, day)) return 'not-in-effect';
  return passed ? 'fired' : 'not-fired';
}
