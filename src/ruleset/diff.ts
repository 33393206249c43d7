import { canonicalJson } from '../canonical-json.js';
import type { Condition, LeafCondition, RuleDefinition, RuleSetFile } from './types.js';

/** One condition as an analyst reads it: `valuePerKg lessThan 20`. */
export function describeCondition(c: LeafCondition): string {
  return `${c.fact}${c.path ? ` ${c.path}` : ''} ${c.operator} ${JSON.stringify(c.value)}`;
}

export interface ConditionChange {
  /** Where in the rule: `all[1]`, `any[0].all[2]`… (in the new rule when it exists there). */
  at: string;
  change: 'added' | 'removed' | 'changed';
  before?: string;
  after?: string;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface RuleChange {
  rule: string;
  fields: FieldChange[];
  conditions: ConditionChange[];
}

export interface RuleSetDiff {
  added: string[];
  removed: string[];
  changed: RuleChange[];
  /** Rule-set level settings that changed: thresholds, random inspection, declared facts. */
  settings: FieldChange[];
}

const ENVELOPE: (keyof RuleDefinition)[] = [
  'status',
  'effectiveFrom',
  'effectiveTo',
  'points',
  'channel',
  'priority',
  'reason',
  'event',
  'owner',
  'description',
];

/** What changed between two rule-set sources, rule by rule and condition by condition. Pure. */
export function diffRuleSets(before: RuleSetFile, after: RuleSetFile): RuleSetDiff {
  const old = new Map(before.rules.map((r) => [r.name, r]));
  const now = new Map(after.rules.map((r) => [r.name, r]));
  const settings: FieldChange[] = [];
  for (const field of ['thresholds', 'randomInspection', 'facts'] as const) {
    if (!same(before[field], after[field])) settings.push({ field, before: before[field], after: after[field] });
  }
  const changed: RuleChange[] = [];
  for (const [name, b] of old) {
    const a = now.get(name);
    if (!a) continue;
    const fields = ENVELOPE.filter((f) => !same(b[f], a[f])).map((f) => ({ field: f, before: b[f], after: a[f] }));
    const conditions = diffConditions(b.conditions, a.conditions, '');
    if (fields.length > 0 || conditions.length > 0) changed.push({ rule: name, fields, conditions });
  }
  return {
    added: after.rules.filter((r) => !old.has(r.name)).map((r) => r.name),
    removed: before.rules.filter((r) => !now.has(r.name)).map((r) => r.name),
    changed,
    settings,
  };
}

function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a ?? null) === canonicalJson(b ?? null);
}

type Kind = 'all' | 'any' | 'not';

function kindOf(c: Condition): Kind | undefined {
  for (const k of ['any', 'all', 'not'] as const) if (Object.prototype.hasOwnProperty.call(c, k)) return k;
  return undefined;
}

function childrenOf(c: Condition, kind: Kind): Condition[] {
  const v = (c as unknown as Record<string, Condition | Condition[]>)[kind];
  return Array.isArray(v) ? v : [v];
}

/**
 * Children are matched by what they test (fact and path; groups by kind), in
 * order, so inserting a condition shows as one addition rather than shifting
 * every later condition into a "change".
 */
function diffConditions(b: Condition, a: Condition, at: string): ConditionChange[] {
  const kb = kindOf(b);
  const ka = kindOf(a);
  if (!kb || !ka) {
    if (kb || ka) return [{ at: at || '(root)', change: 'changed', before: summary(b), after: summary(a) }];
    const lb = b as LeafCondition;
    const la = a as LeafCondition;
    return same(lb, la) ? [] : [{ at, change: 'changed', before: describeCondition(lb), after: describeCondition(la) }];
  }
  if (kb !== ka) return [{ at: at || '(root)', change: 'changed', before: summary(b), after: summary(a) }];
  const before = childrenOf(b, kb);
  const after = childrenOf(a, ka);
  const out: ConditionChange[] = [];
  const used = new Set<number>();
  after.forEach((child, i) => {
    const here = `${at ? `${at}.` : ''}${ka}${ka === 'not' ? '' : `[${i}]`}`;
    const j = before.findIndex((x, k) => !used.has(k) && keyOf(x) === keyOf(child));
    if (j < 0) {
      out.push({ at: here, change: 'added', after: summary(child) });
      return;
    }
    used.add(j);
    out.push(...diffConditions(before[j], child, here));
  });
  before.forEach((child, k) => {
    if (!used.has(k))
      out.push({
        at: `${at ? `${at}.` : ''}${kb}${kb === 'not' ? '' : `[${k}]`}`,
        change: 'removed',
        before: summary(child),
      });
  });
  return out;
}

function keyOf(c: Condition): string {
  const k = kindOf(c);
  if (k) return k;
  const leaf = c as LeafCondition;
  return `${leaf.fact}\n${leaf.path ?? ''}`;
}

function summary(c: Condition): string {
  const k = kindOf(c);
  if (!k) return describeCondition(c as LeafCondition);
  const kids = childrenOf(c, k).map(summary);
  return k === 'not' ? `not (${kids[0]})` : `${k} (${kids.join('; ')})`;
}
