import type { Decision } from '../decision/decision.js';
import { createEngine } from '../engine.js';
import type { RuleTrace } from '../explain/explain.js';
import type { ModelFacts, WatchlistFacts } from '../features/fact.js';
import type { LoadedRuleSet } from '../ruleset/types.js';
import type { RuleTestCase } from './case.js';
import { fixedModel, fixedProfile, fixedWatchlists } from './fixed-facts.js';

export interface CaseResult {
  case: RuleTestCase;
  passed: boolean;
  /** One line per unmet expectation: expected vs actual. */
  failures: string[];
  decision: Decision;
  /** Traces of the rules that decided a failure (expected to fire, must not fire, or fired). */
  deciding: RuleTrace[];
}

export interface RunOptions {
  ruleset: LoadedRuleSet;
  watchlists?: WatchlistFacts;
  /** A loaded risk model (`rules test --model`): its facts for cases that do not fix model.* values. */
  model?: ModelFacts;
}

/**
 * Runs every case with the compiled engine, as a worker would. Random
 * inspection is left out: a test is about what the rules do, and a case must
 * not fail because its id happens to be drawn.
 */
export async function runRuleTests(cases: readonly RuleTestCase[], opts: RunOptions): Promise<CaseResult[]> {
  const ruleset: LoadedRuleSet = { ...opts.ruleset, randomInspection: undefined };
  const out: CaseResult[] = [];
  for (const c of cases) {
    const engine = await createEngine({
      rules: ruleset,
      profile: fixedProfile(c.features),
      watchlists: fixedWatchlists(c.features, opts.watchlists),
      // A case's own model.* values win over the loaded model (rules test --model).
      model: fixedModel(c.features) ?? opts.model,
    });
    const decidedAt = c.decidedAt ? new Date(c.decidedAt) : new Date();
    const decision = engine.decider.decide(c.consignment, decidedAt);
    const failures = unmet(c, decision, ruleset);
    let deciding: RuleTrace[] = [];
    if (failures.length > 0) {
      const names = new Set([
        ...(c.expect.fires ?? []),
        ...(c.expect.notFires ?? []),
        ...decision.hits.map((h) => h.rule),
      ]);
      const explanation = await engine.explain(c.consignment, decidedAt);
      deciding = explanation.rules.filter((r) => names.has(r.name));
    }
    out.push({ case: c, passed: failures.length === 0, failures, decision, deciding });
  }
  return out;
}

function unmet(c: RuleTestCase, d: Decision, ruleset: LoadedRuleSet): string[] {
  const e = c.expect;
  const fired = new Set(d.hits.map((h) => h.rule));
  const failures: string[] = [];
  if (e.channel && e.channel !== d.channel)
    failures.push(`channel: expected ${e.channel}, got ${d.channel} (score ${d.score})`);
  const loaded = new Set(ruleset.rules.map((r) => r.name));
  for (const rule of e.fires ?? []) {
    if (fired.has(rule)) continue;
    const status = ruleset.source.rules.find((r) => r.name === rule)?.status;
    const why = loaded.has(rule)
      ? ''
      : status === 'draft'
        ? ' — it is a draft: run with --include-drafts'
        : ` — it is ${status ?? 'not loaded'}`;
    failures.push(`expected "${rule}" to fire, it did not${why}`);
  }
  for (const rule of e.notFires ?? []) if (fired.has(rule)) failures.push(`expected "${rule}" not to fire, it fired`);
  if (e.score !== undefined) {
    const { min, max } = typeof e.score === 'number' ? { min: e.score, max: e.score } : e.score;
    if ((min !== undefined && d.score < min) || (max !== undefined && d.score > max)) {
      failures.push(`score: expected ${min === max ? min : `${min ?? '…'} to ${max ?? '…'}`}, got ${d.score}`);
    }
  }
  return failures;
}
