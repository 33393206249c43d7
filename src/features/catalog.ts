import { CONSIGNMENT_FACTS, DECLARATION_FACTS, DERIVED_FACTS } from './consignment-facts.js';
import type { FactDefinition } from './fact.js';
import { PROFILE_FACTS } from './profile-facts.js';
import { WATCHLIST_FACTS } from './watchlist-facts.js';
import { MODEL_FACTS } from './model-facts.js';

/**
 * Every fact a rule may name without declaring it. Profile, watchlist and
 * model facts are always known by name; their values are missing until a
 * profile, watchlists or a model are loaded.
 */
export const BUILT_IN_FACTS: readonly FactDefinition[] = [
  ...CONSIGNMENT_FACTS,
  ...DECLARATION_FACTS,
  ...DERIVED_FACTS,
  ...PROFILE_FACTS,
  ...WATCHLIST_FACTS,
  ...MODEL_FACTS,
];

export type FactCatalog = ReadonlyMap<string, FactDefinition>;

export function buildCatalog(declared: readonly FactDefinition[] = []): FactCatalog {
  const catalog = new Map<string, FactDefinition>();
  for (const f of BUILT_IN_FACTS) catalog.set(f.name, f);
  for (const f of declared) catalog.set(f.name, f);
  return catalog;
}

/** All fact values for one context, for the reference engine and for `explain`. */
export function computeFacts(
  catalog: FactCatalog,
  names: Iterable<string>,
  ctx: Parameters<FactDefinition['compute']>[0],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const def = catalog.get(name);
    const v = def?.compute(ctx);
    if (v !== undefined) out[name] = v;
  }
  return out;
}
