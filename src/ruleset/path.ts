/**
 * Condition `path`s in the subset of JSONPath that rule sets may use:
 * `$`, `.name` and `[index]` steps (`$.entry.reason`, `$.codes[0]`). The subset
 * keeps the compiled engine provably identical to json-rules-engine, which
 * resolves paths with jsonpath-plus.
 */
export type PathStep = string | number;

const STEP = /\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]/y;

/** The steps of a path, or undefined when it is outside the supported subset. */
export function parsePath(path: string): PathStep[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const steps: PathStep[] = [];
  STEP.lastIndex = 1;
  while (STEP.lastIndex < path.length) {
    const start = STEP.lastIndex;
    const m = STEP.exec(path);
    if (!m || m.index !== start) return undefined;
    steps.push(m[1] !== undefined ? m[1] : Number(m[2]));
  }
  return steps;
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * The value a fact contributes to a condition: like json-rules-engine's almanac,
 * a path applies only to object values; a primitive is returned unchanged.
 */
export function applyPath(factValue: unknown, steps: readonly PathStep[]): unknown {
  if (factValue == null || typeof factValue !== 'object') return factValue;
  let cur: any = factValue;
  for (const step of steps) {
    // jsonpath-plus descends only into truthy values, through own properties.
    if (!cur || !hasOwn.call(cur, step)) return undefined;
    cur = cur[step];
  }
  return cur;
}
