import type { RuleDefinition } from './types.js';

/** A rule that fired, with its event params after fact replacement. */
export interface Firing {
  rule: RuleDefinition;
  params: Record<string, unknown>;
  /** The rule's reason with its `{{fact}}` placeholders filled in. */
  reason: string;
}

/** Rules grouped the way json-rules-engine runs them: highest priority first, file order within. */
export function byPriority(rules: readonly RuleDefinition[]): RuleDefinition[] {
  return rules
    .map((rule, index) => ({ rule, index }))
    .sort((a, b) => (b.rule.priority ?? 1) - (a.rule.priority ?? 1) || a.index - b.index)
    .map((x) => x.rule);
}
