/**
 * What json-rules-engine evaluated for one rule, condition by condition. Read
 * from its RuleResult: a condition it did not reach (short-circuit) has no
 * `result`, which is shown, not guessed.
 */
export type ConditionTrace =
  | { kind: 'all' | 'any'; evaluated: boolean; result?: boolean; children: ConditionTrace[] }
  | { kind: 'not'; evaluated: boolean; result?: boolean; child: ConditionTrace }
  | {
      kind: 'fact';
      fact: string;
      path?: string;
      operator: string;
      /** The value as written in the rule (a literal or `{fact: …}`). */
      value: unknown;
      evaluated: boolean;
      /** The fact's value (after `path`); absent when the fact is missing or the condition was not reached. */
      factValue?: unknown;
      /** The resolved right-hand side, when `value` names a fact. */
      valueResult?: unknown;
      result?: boolean;
    };

type Node = Record<string, unknown>;

/**
 * A condition tree as json-rules-engine left it after a run (Condition objects
 * or their JSON). The root's outcome is on the RuleResult, not on the node: pass it.
 */
export function traceOf(node: unknown, rootResult?: boolean): ConditionTrace {
  const c = node as Node;
  const own = typeof c.result === 'boolean' ? (c.result as boolean) : rootResult;
  const evaluated = own !== undefined;
  const result = own;
  for (const kind of ['any', 'all'] as const) {
    if (Array.isArray(c[kind]))
      return {
        kind,
        evaluated,
        ...(evaluated ? { result } : {}),
        children: (c[kind] as unknown[]).map((k) => traceOf(k)),
      };
  }
  if (c.not !== undefined && c.not !== null && typeof c.not === 'object')
    return { kind: 'not', evaluated, ...(evaluated ? { result } : {}), child: traceOf(c.not) };
  const isRef =
    c.value !== null && typeof c.value === 'object' && !Array.isArray(c.value) && 'fact' in (c.value as Node);
  return {
    kind: 'fact',
    fact: String(c.fact),
    ...(c.path !== undefined ? { path: String(c.path) } : {}),
    operator: String(c.operator),
    value: c.value,
    evaluated,
    ...(evaluated && c.factResult !== undefined ? { factValue: c.factResult } : {}),
    ...(evaluated && isRef && c.valueResult !== undefined ? { valueResult: c.valueResult } : {}),
    ...(evaluated ? { result } : {}),
  };
}

/** The same tree for a rule that was not run: nothing evaluated. */
export function unevaluated(conditions: unknown): ConditionTrace {
  return traceOf(strip(conditions));
}

function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(strip);
  if (v === null || typeof v !== 'object') return v;
  const { result: _r, factResult: _f, valueResult: _v, ...rest } = v as Node;
  return Object.fromEntries(Object.entries(rest).map(([k, x]) => [k, k === 'value' ? x : strip(x)]));
}
