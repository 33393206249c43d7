import type { Mapping } from '../declaration/mapping.js';
import { attributeFact } from './consignment-facts.js';
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
  const profile = profileFactSpecs(mapping.categorical)
    .filter((s) => !builtIn.has(s.name))
    .map(definition);
  const numeric = mapping.numeric.map((column) =>
    attributeFact(column, 'number', `Extra numeric column "${column}" of the source`),
  );
  const categorical = mapping.categorical.map((column) =>
    attributeFact(column, 'string', `Extra categorical column "${column}" of the source`),
  );
  return [...categorical, ...numeric, ...profile];
}

function definition(s: ProfileFactSpec): FactDefinition {
  return {
    name: s.name,
    type: s.type,
    description: s.description,
    source: 'profile',
    header: s.header,
    compute: (ctx) => ctx.profile?.fact(s.name, ctx.consignment),
    bind: ({ profile }) => {
      if (!profile) return () => undefined;
      return profile.getter?.(s.name) ?? ((c) => profile.fact(s.name, c));
    },
  };
}
