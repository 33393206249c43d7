import type { Consignment } from '../declaration/record.js';
import type { FactCatalog } from '../features/catalog.js';
import type { FactContext } from '../features/fact.js';
import { isFactReference } from './check-conditions.js';
import { factsOfRule } from './fact-refs.js';
import { byPriority, type Firing } from './firing.js';
import { inEffect } from './lifecycle.js';
import { resolveOperator } from './operators.js';
import { compileReason } from './reason-template.js';
import { applyPath, parsePath } from './path.js';
import type { Condition, LeafCondition, RuleDefinition } from './types.js';

/**
 * A rule set compiled to closures: the hot path. It fires exactly the rules
 * json-rules-engine fires (ruleset/reference.ts), which the differential test
 * checks on random rule sets and facts. Closures are built from the parsed
 * rules; rule text is never turned into code.
 */
export interface CompiledRuleSet {
  /** Rules that fire for a consignment judged on `day` (YYYY-MM-DD). Throws where the reference engine would reject. */
  evaluate(ctx: FactContext, day: string): Firing[];
}

const UNSET = Symbol('unset');

/**
 * The facts of the consignment being scored, each computed on first read and
 * kept until the next consignment: facts behind a short-circuit, or read only by
 * the reason of a rule that did not fire, cost nothing. Facts are pure, so the
 * order they are computed in cannot change a result. Header facts are kept
 * across the goods items of one declaration (the items share its
 * `declaration` object): a header's profile look-ups run once, not per item.
 */
class Frame {
  private ctx!: FactContext;
  private readonly values: unknown[];
  private declaration: Consignment['declaration'];
  private profileVersion: number | undefined;

  constructor(
    private readonly computes: ((ctx: FactContext) => unknown)[],
    /** Slots of facts that are not header facts: the ones to forget between items. */
    private readonly itemSlots: readonly number[],
  ) {
    this.values = new Array(computes.length).fill(UNSET);
  }

  reset(ctx: FactContext): void {
    this.ctx = ctx;
    const d = ctx.consignment.declaration;
    const version = ctx.profile?.version;
    if (d !== undefined && d === this.declaration && version === this.profileVersion)
      for (const slot of this.itemSlots) this.values[slot] = UNSET;
    else this.values.fill(UNSET);
    this.declaration = d;
    this.profileVersion = version;
  }

  get(slot: number): unknown {
    const v = this.values[slot];
    return v !== UNSET ? v : (this.values[slot] = this.computes[slot](this.ctx));
  }
}

type Test = (frame: Frame) => unknown;
type Getter = (frame: Frame) => unknown;

interface Compiled {
  test: Test;
  /** Could evaluating it throw? Then its group siblings must all run, as in json-rules-engine's Promise.all. */
  mayThrow: boolean;
  priority: number;
}

interface CompiledRule {
  rule: RuleDefinition;
  /** Has effective dates to check per consignment. */
  dated: boolean;
  test: Test;
  reason: (valueOf: (fact: string) => unknown) => string;
  params: [string, Getter | unknown][];
}

/**
 * `env` is the profile and watchlists every consignment will be scored with:
 * facts that can bind to them are resolved once here instead of per call.
 */
export function compileRuleSet(
  rules: readonly RuleDefinition[],
  catalog: FactCatalog,
  env?: Omit<FactContext, 'consignment'>,
): CompiledRuleSet {
  const isFact = (f: string) => catalog.has(f);
  const slots = new Map<string, number>();
  for (const r of rules) for (const f of factsOfRule(r, isFact)) if (!slots.has(f)) slots.set(f, slots.size);
  const computes = [...slots.keys()].map((name): ((ctx: FactContext) => unknown) => {
    const def = catalog.get(name);
    if (!def) return () => undefined;
    if (env && def.bind) {
      const bound = def.bind(env);
      return (ctx) => bound(ctx.consignment);
    }
    return def.compute;
  });
  const slotOf = (fact: string) => slots.get(fact)!;
  const itemSlots = [...slots].filter(([name]) => !catalog.get(name)?.header).map(([, slot]) => slot);

  const compiled: CompiledRule[] = byPriority(rules).map((rule) => ({
    rule,
    dated: rule.effectiveFrom !== undefined || rule.effectiveTo !== undefined,
    test: compileTop(rule.conditions, slotOf),
    reason: compileReason(rule.reason, isFact),
    params: Object.entries(rule.event.params ?? {}).map(([k, v]) => [
      k,
      isFactReference(v) ? factGetter(v.fact, v.path, slotOf) : v,
    ]),
  }));
  // One frame, reset per consignment: evaluation is synchronous and never re-entered.
  const frame = new Frame(computes, itemSlots);
  return {
    evaluate(ctx, day) {
      frame.reset(ctx);
      const fired: Firing[] = [];
      for (const c of compiled) {
        if (c.dated && !inEffect(c.rule, day)) continue;
        if (c.test(frame)) fired.push(firing(c, frame, slotOf));
      }
      return fired;
    },
  };
}

const NO_PARAMS: Record<string, unknown> = Object.freeze({});

function firing(c: CompiledRule, frame: Frame, slotOf: (f: string) => number | undefined): Firing {
  if (c.params.length === 0)
    return { rule: c.rule, params: NO_PARAMS, reason: c.reason((name) => frame.get(slotOf(name)!)) };
  const params: Record<string, unknown> = {};
  for (const [k, v] of c.params) params[k] = typeof v === 'function' ? (v as Getter)(frame) : v;
  return { rule: c.rule, params, reason: c.reason((name) => frame.get(slotOf(name)!)) };
}

function factGetter(fact: string, path: string | undefined, slotOf: (f: string) => number): Getter {
  const slot = slotOf(fact);
  if (!path) return (frame) => frame.get(slot);
  const steps = parsePath(path);
  if (!steps) throw new Error(`unsupported path ${path}: validate the rule set first`);
  return (frame) => applyPath(frame.get(slot), steps);
}

/**
 * The rule's root is run directly (not as a child condition), so its raw result
 * decides: a truthy result fires the rule, as json-rules-engine's `if (ruleResult.result)`.
 */
function compileTop(c: Condition, slotOf: (f: string) => number): Test {
  const op = booleanOperator(c);
  if (op === 'not') {
    const child = compileCondition((c as { not: Condition }).not, slotOf);
    return (f) => !child.test(f);
  }
  return prioritizeAndRun(children(c, op as 'all' | 'any', slotOf), op as 'all' | 'any');
}

/** json-rules-engine looks for `any` before `all` before `not`. */
function booleanOperator(c: Condition): 'any' | 'all' | 'not' | undefined {
  if (Object.prototype.hasOwnProperty.call(c, 'any')) return 'any';
  if (Object.prototype.hasOwnProperty.call(c, 'all')) return 'all';
  if (Object.prototype.hasOwnProperty.call(c, 'not')) return 'not';
  return undefined;
}

function children(c: Condition, op: 'all' | 'any', slotOf: (f: string) => number): Compiled[] {
  return (c as unknown as Record<string, Condition[]>)[op].map((s) => compileCondition(s, slotOf));
}

function compileCondition(c: Condition, slotOf: (f: string) => number): Compiled {
  const priority = (c.priority as number) || 1;
  const op = booleanOperator(c);
  if (op === 'all' || op === 'any') {
    const kids = children(c, op, slotOf);
    const run = prioritizeAndRun(kids, op);
    // As a child, a boolean node passes only on a strict `true`.
    return { test: (f) => run(f) === true, mayThrow: kids.some((x) => x.mayThrow), priority };
  }
  if (op === 'not') {
    const child = compileCondition((c as { not: Condition }).not, slotOf);
    return { test: (f) => !child.test(f), mayThrow: child.mayThrow, priority };
  }
  return compileLeaf(c as LeafCondition, slotOf, priority);
}

/** json-rules-engine's prioritizeAndRun: priority groups in order, short-circuiting between groups. */
function prioritizeAndRun(children: Compiled[], op: 'all' | 'any'): Test {
  if (children.length === 0) return () => true;
  if (children.length === 1) return children[0].test;
  const byPrio = new Map<number, Compiled[]>();
  for (const ch of children) byPrio.set(ch.priority, [...(byPrio.get(ch.priority) ?? []), ch]);
  const groups = [...byPrio.entries()].sort((a, b) => b[0] - a[0]).map(([, g]) => groupTest(g, op));
  if (groups.length === 1) return groups[0];
  if (op === 'all') {
    return (f) => {
      for (const g of groups) if (!g(f)) return false;
      return true;
    };
  }
  return (f) => {
    for (const g of groups) if (g(f)) return true;
    return false;
  };
}

/** One priority group: every/some over strict `true` results. */
function groupTest(members: Compiled[], op: 'all' | 'any'): (f: Frame) => boolean {
  const tests = members.map((m) => m.test);
  const n = tests.length;
  if (members.some((m) => m.mayThrow)) {
    // Evaluate every member so an error surfaces exactly when the reference engine's would.
    return (f) => {
      const results = tests.map((t) => t(f) === true);
      return op === 'all' ? results.every(Boolean) : results.some(Boolean);
    };
  }
  if (op === 'all') {
    return (f) => {
      for (let i = 0; i < n; i++) if (tests[i](f) !== true) return false;
      return true;
    };
  }
  return (f) => {
    for (let i = 0; i < n; i++) if (tests[i](f) === true) return true;
    return false;
  };
}

function compileLeaf(c: LeafCondition, slotOf: (f: string) => number, priority: number): Compiled {
  const op = resolveOperator(c.operator);
  if (!op) throw new Error(`unknown operator ${c.operator}: validate the rule set first`);
  const left = factGetter(c.fact, c.path, slotOf);
  const evaluate = op.evaluate;
  if (isFactReference(c.value)) {
    const right = factGetter(c.value.fact, c.value.path, slotOf);
    return { test: (f) => evaluate(left(f), right(f)), mayThrow: true, priority };
  }
  const value = c.value;
  // Only an undecorated operator with a literal value of the right kind is known not to throw;
  // decorators hand elements of the value or fact to the inner operator, whatever their type.
  const needsArray = op.base.name === 'in' || op.base.name === 'notIn';
  const mayThrow = op.decorators.length > 0 || (needsArray && !Array.isArray(value));
  return { test: (f) => evaluate(left(f), value), mayThrow, priority };
}
