import type { Consignment } from '../src/declaration/record.js';
import { toConsignment } from '../src/declaration/validate.js';
import { generateDeclarations } from '../src/dataset/generate.js';
import { createDecider, createReferenceDecider, type DeciderOptions } from '../src/decision/decide.js';
import type { Contender } from './side-by-side.js';
import { ProfileBuilder } from '../src/features/build.js';
import { buildCatalog } from '../src/features/catalog.js';
import type { ModelFacts, ProfileFacts } from '../src/features/fact.js';
import { conditionFacts } from '../src/ruleset/fact-refs.js';
import type { LoadedRuleSet } from '../src/ruleset/types.js';
import { ProfileLookup } from '../src/features/lookup.js';
import { parseProfile, serializeProfile } from '../src/features/profile.js';

export interface ScoringBenchResult {
  rows: number;
  compiled_per_s: number;
  reference_per_s: number;
  ratio: number;
}

/** Generated consignments, validated once up front: the bench times scoring, not parsing. */
export function benchConsignments(rows: number, seed: number): Consignment[] {
  const out: Consignment[] = [];
  for (const row of generateDeclarations({ rows, seed })) out.push(toConsignment(row));
  return out;
}

/** A profile built from generated history with the same traders and goods as the bench consignments. */
export function benchProfile(rows: number, seed: number): ProfileLookup {
  const builder = new ProfileBuilder();
  let line = 0;
  for (const row of generateDeclarations({ rows, seed })) {
    builder.add({ line: ++line, consignment: toConsignment(row), illicit: row.illicit, revenue: row.revenue });
  }
  return new ProfileLookup(parseProfile(serializeProfile(builder.finish().body).text));
}

/** The compiled engine as a side-by-side contender (a batch shares one decision time, as in the worker). */
export function compiledContender(opts: DeciderOptions): Contender {
  const decider = createDecider(opts);
  return (chunk, now) => {
    for (const c of chunk) decider.decide(c, now);
  };
}

/** json-rules-engine as a contender: one promise chain per consignment. */
export function referenceContender(opts: DeciderOptions): Contender {
  const decider = createReferenceDecider(opts);
  return async (chunk, now) => {
    for (const c of chunk) await decider.decide(c, now);
  };
}

/**
 * Profile look-ups alone, as a contender: every profile fact the rule set's
 * conditions read, for every consignment (the compiled engine computes only
 * those it reaches, so this is an upper bound). Facts a fired rule's reason
 * quotes are part of writing the decision, not of deciding.
 */
export function lookupContender(ruleset: LoadedRuleSet, profile: ProfileFacts): Contender {
  const catalog = buildCatalog(ruleset.declaredFacts);
  const names = [...new Set(ruleset.rules.flatMap((r) => [...conditionFacts(r)]))].filter(
    (f) => catalog.get(f)?.source === 'profile',
  );
  // Bound as the compiled engine binds them.
  const getters = names.map(
    (n) =>
      catalog.get(n)!.bind?.({ profile }) ?? ((c: Consignment) => catalog.get(n)!.compute({ consignment: c, profile })),
  );
  let sink = 0;
  return (chunk) => {
    for (const c of chunk) for (const g of getters) if (g(c) !== undefined) sink++;
    return sink;
  };
}

/**
 * The model's facts alone, as a contender: score and risk points for every
 * consignment (one feature vector, one pass over the trees), as a rule set
 * reading them costs; drivers are left out (computed only for a fired rule).
 */
export function modelContender(model: ModelFacts, profile?: ProfileFacts): Contender {
  let sink = 0;
  return (chunk) => {
    for (const consignment of chunk) {
      const ctx = { consignment, profile, model };
      sink += (model.fact('model.score', ctx) as number) + (model.fact('model.riskPoints', ctx) as number);
    }
    return sink;
  };
}
