import { isFactReference } from './check-conditions.js';
import type { Condition, RuleDefinition } from './types.js';
import { placeholders, splitPlaceholder } from './reason-template.js';

/** Every fact a rule reads: in conditions, compared values, event params and its reason. */
export function factsOfRule(rule: RuleDefinition, isFact: (f: string) => boolean): Set<string> {
  const out = conditionFacts(rule);
  for (const v of Object.values(rule.event.params ?? {})) if (isFactReference(v)) out.add(v.fact);
  for (const p of placeholders(rule.reason)) {
    const ref = splitPlaceholder(p, isFact);
    if (ref) out.add(ref.fact);
  }
  return out;
}

/** The facts a rule's conditions read: what deciding whether it fires may cost. */
export function conditionFacts(rule: RuleDefinition): Set<string> {
  const out = new Set<string>();
  collect(rule.conditions, out);
  return out;
}

function collect(c: Condition, out: Set<string>): void {
  if ('all' in c) c.all.forEach((s) => collect(s, out));
  else if ('any' in c) c.any.forEach((s) => collect(s, out));
  else if ('not' in c) collect(c.not, out);
  else {
    out.add(c.fact);
    if (isFactReference(c.value)) out.add(c.value.fact);
  }
}

/** A rule reading the risk model (a `model.*` fact in its conditions): its hit carries the model's drivers. */
export function readsModel(rule: RuleDefinition): boolean {
  for (const f of conditionFacts(rule)) if (f.startsWith('model.')) return true;
  return false;
}
