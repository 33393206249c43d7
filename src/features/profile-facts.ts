import type { Mapping } from '../consignment/mapping.js';
import type { FactDefinition } from './fact.js';
import { profileFactSpecs, type ProfileFactSpec } from './fact-specs.js';

/** Facts read from a loaded statistical profile; undefined until a profile is loaded (see docs/features.md). */
export const PROFILE_FACTS: FactDefinition[] = profileFactSpecs().map(definition);

/**
 * Facts a mapping adds: risk facts of its extra categorical columns and the
 * values of its extra numeric ones (`buildCatalog(mappingFacts(mapping))`).
 */
export function mappingFacts(mapping: Mapping): FactDefinition[] {
  const builtIn = new Set(PROFILE_FACTS.map((f) => f.name));
  const profile = profileFactSpecs(mapping.categorical).filter((s) => !builtIn.has(s.name)).map(definition);
  const numeric: FactDefinition[] = mapping.numeric.map((column) => ({
    name: column,
    type: 'number',
    description: `Extra numeric column "${column}" of the source`,
    source: 'declared',
    compute: (ctx) => ctx.consignment.extra[column],
  }));
  const categorical: FactDefinition[] = mapping.categorical.map((column) => ({
    name: column,
    type: 'string',
    description: `Extra categorical column "${column}" of the source`,
    source: 'declared',
    compute: (ctx) => ctx.consignment.extra[column],
  }));
  return [...categorical, ...numeric, ...profile];
}

function definition(s: ProfileFactSpec): FactDefinition {
  return {
    name: s.name,
    type: s.type,
    description: s.description,
    source: 'profile',
    compute: (ctx) => ctx.profile?.fact(s.name, ctx.consignment),
    bind: ({ profile }) => {
      if (!profile) return () => undefined;
      return profile.getter?.(s.name) ?? ((c) => profile.fact(s.name, c));
    },
  };
}
