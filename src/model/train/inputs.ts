import type { Mapping } from '../../declaration/mapping.js';
import { buildCatalog } from '../../features/catalog.js';
import type { FactDefinition } from '../../features/fact.js';
import { dimensionsFor } from '../../features/dimensions.js';
import { mappingFacts } from '../../features/profile-facts.js';
import { PRICE_MEASURES, TRADER_ROLES } from '../../features/profile.js';
import type { ModelFeature } from '../ensemble.js';

/** A model input: the catalog fact it reads and how the trees see it. */
export interface ModelInput {
  feature: ModelFeature;
  fact: FactDefinition;
}

const CATEGORICAL = ['hs2', 'hs4', 'hs6', 'origin', 'departure', 'office', 'transportMode'];
const NUMERIC = ['weight', 'quantity', 'value', 'taxes', 'valuePerKg', 'valuePerUnit', 'taxRatio'];

/**
 * The facts a trained model reads, by the names rules use: the declaration's
 * own fields and the mapping's extra columns, then the profile's risk points
 * (every profiled dimension, pairs included), robust price z-scores and the
 * traders' days known. Traders enter through their risk points and days
 * known, not as categories: their ids are many and thin, and splits that
 * group them overfit (`bench/kcs-shaped.ts`: test P@5 % / P@10 % 81.6 / 75.7 %
 * with importer, declarant and exporter as categories, 91.6 / 84.6 % without;
 * 99.4 / 73.6 → 99.5 / 74.3 % on the generated data), while the risk points
 * shrink a thin record and also rate traders too rare to have a category.
 */
export function modelInputs(mapping: Mapping): ModelInput[] {
  const catalog = buildCatalog(mappingFacts(mapping));
  const profileFacts = [
    ...dimensionsFor(mapping.categorical).map((d) => `${d.name}.riskPoints`),
    ...PRICE_MEASURES.map((m) => `hs6.${m}Z`),
    ...TRADER_ROLES.map((r) => `${r}.daysKnown`),
  ];
  const named = (names: readonly string[], kind: ModelFeature['kind']): ModelInput[] =>
    names.map((name) => {
      const fact = catalog.get(name);
      if (!fact) throw new Error(`model input ${name} is not a catalog fact`);
      return { feature: { name, kind }, fact };
    });
  return [
    ...named([...CATEGORICAL, ...mapping.categorical], 'categorical'),
    ...named([...NUMERIC, ...mapping.numeric, ...profileFacts], 'numeric'),
  ];
}
