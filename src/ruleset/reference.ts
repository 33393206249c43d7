import { Engine, Operator, type RuleResult } from 'json-rules-engine';
import type { FactCatalog } from '../features/catalog.js';
import { computeFacts } from '../features/catalog.js';
import type { FactContext } from '../features/fact.js';
import { factsOfRule } from './fact-refs.js';
import { byPriority, type Firing } from './firing.js';
import { inEffect } from './lifecycle.js';
import { OPERATORS } from './operators.js';
import { compileReason } from './reason-template.js';
import type { RuleDefinition } from './types.js';

/**
 * json-rules-engine itself, configured as our reference semantics: missing facts
 * are `undefined` (not an error), event params may name facts, and our custom
 * operators are registered by name. Slow (promises per condition); used for
 * `--engine reference`, `explain`, and to prove the compiled engine identical.
 */
export interface ReferenceRuleSet {
  evaluate(ctx: FactContext, day: string): Promise<Firing[]>;
  /** The engine's full results, fired or not, for `explain`. */
  run(
    ctx: FactContext,
  ): Promise<{ facts: Record<string, unknown>; results: RuleResult[]; failureResults: RuleResult[] }>;
}

export function createEngine(rules: readonly RuleDefinition[]): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true, replaceFactsInEventParams: true });
  for (const op of OPERATORS) {
    if (!op.builtIn) engine.addOperator(new Operator(op.name, op.cb, op.validator));
  }
  for (const r of rules) {
    // Only json-rules-engine's own fields: the envelope (points, reason…) stays with us.
    engine.addRule({
      name: r.name,
      conditions: r.conditions as never,
      event: r.event,
      ...(r.priority !== undefined ? { priority: r.priority } : {}),
    });
  }
  return engine;
}

export function referenceRuleSet(rules: readonly RuleDefinition[], catalog: FactCatalog): ReferenceRuleSet {
  const isFact = (f: string) => catalog.has(f);
  const ordered = byPriority(rules);
  // Rules out of effect on a day are not run at all, as in the compiled engine; one engine per distinct set.
  const engines = new Map<string, Engine>();
  const engineFor = (inForce: RuleDefinition[]): Engine => {
    const key = inForce.map((r) => r.name).join('\n');
    let e = engines.get(key);
    if (!e) engines.set(key, (e = createEngine(inForce)));
    return e;
  };
  const byName = new Map(rules.map((r) => [r.name, r]));
  const names = new Set<string>();
  for (const r of rules) for (const f of factsOfRule(r, isFact)) names.add(f);
  const reasons = new Map(rules.map((r) => [r.name, compileReason(r.reason, isFact)]));

  const runRules = async (ctx: FactContext, inForce: RuleDefinition[]) => {
    const facts = computeFacts(catalog, names, ctx);
    const out = await engineFor(inForce).run(facts);
    return { facts, results: out.results, failureResults: out.failureResults };
  };

  return {
    run: (ctx) => runRules(ctx, rules as RuleDefinition[]),
    async evaluate(ctx, day) {
      const { facts, results } = await runRules(
        ctx,
        rules.filter((r) => inEffect(r, day)),
      );
      const fired = new Map(results.map((r) => [r.name as string, r]));
      return ordered
        .filter((rule) => fired.has(rule.name))
        .map((rule) => ({
          rule: byName.get(rule.name)!,
          params: { ...(fired.get(rule.name)!.event?.params ?? {}) },
          reason: reasons.get(rule.name)!((name: string) => facts[name]),
        }));
    },
  };
}
