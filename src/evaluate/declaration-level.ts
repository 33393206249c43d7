import type { ScoredRow } from './metrics.js';
import { methodResult, sideBySide, type EvaluationResult, type MethodResult } from './result.js';

/**
 * The measures at declaration level: a declaration is inspected whole, so it
 * ranks by its highest item score, counts as illicit when any item is, and
 * recovers the revenue of all its items; precision@n % then counts
 * declarations inspected. Items of a declaration share its id.
 */
export function atDeclarationLevel(m: MethodResult, hasRevenue: boolean): MethodResult {
  const byId = new Map<string, ScoredRow>();
  for (const r of m.scores) {
    const d = byId.get(r.id);
    if (!d) byId.set(r.id, { ...r });
    else {
      d.score = Math.max(d.score, r.score);
      d.illicit ||= r.illicit;
      if (r.revenue !== undefined) d.revenue = (d.revenue ?? 0) + r.revenue;
    }
  }
  return methodResult(m.label, [...byId.values()], hasRevenue);
}

/** Every method of the evaluation at declaration level; none when each declaration has one item (the same measures). */
export function declarationMethods(r: EvaluationResult): { declarations: number; methods: MethodResult[] } | undefined {
  const declarations = new Set(r.primary.scores.map((s) => s.id)).size;
  if (declarations === r.primary.scores.length) return undefined;
  const methods = [...sideBySide(r), r.baselines.price, r.baselines.importer];
  return { declarations, methods: methods.map((m) => atDeclarationLevel(m, r.hasRevenue)) };
}
