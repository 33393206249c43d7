import { ModelError } from '../errors.js';
import type { FactCatalog } from '../features/catalog.js';
import type { FactContext, FactDefinition } from '../features/fact.js';
import type { ModelFeature } from './ensemble.js';

/** The code of a category the model never saw, or of a missing value: no categorical split sends it left. */
export const MISSING_CATEGORY = -1;

/**
 * Reads a model's features for one consignment, by fact name through the fact
 * catalog (the values rules see), into the vector the trees split on.
 * Numbers stay numbers (booleans 1/0, numeric text parsed); a category is its
 * index in the feature's list; a missing value is NaN (numeric) or -1
 * (categorical), and so is a category unseen in training.
 */
export class FeatureReader {
  private readonly defs: FactDefinition[];
  private readonly codes: (Map<string, number> | undefined)[];
  /** The fact values of the last vector read, for drivers. */
  readonly values: unknown[];

  constructor(
    readonly features: readonly ModelFeature[],
    catalog: FactCatalog,
    file?: string,
  ) {
    this.defs = features.map((f, i) => {
      const def = catalog.get(f.name);
      const where = { file, path: `$.ensemble.features[${i}]`, field: f.name };
      if (!def)
        throw new ModelError(
          'UNKNOWN_MODEL_FEATURE',
          `the model reads "${f.name}", which is not a fact here`,
          where,
          'score with the mapping the model was trained or imported with (--mapping), or retrain it',
        );
      if (def.source === 'model' || def.source === 'watchlist' || def.type === 'object')
        throw new ModelError(
          'UNKNOWN_MODEL_FEATURE',
          `"${f.name}" (${def.source} fact) cannot be a model feature`,
          where,
        );
      return def;
    });
    this.codes = features.map((f) => f.categories && new Map(f.categories.map((c, i) => [c, i])));
    this.values = new Array(features.length);
  }

  read(ctx: FactContext, out: Float64Array): void {
    for (let i = 0; i < this.defs.length; i++) {
      const v = this.defs[i].compute(ctx);
      this.values[i] = v;
      const codes = this.codes[i];
      out[i] = codes ? categoryCode(codes, v) : numberOf(v);
    }
  }
}

function numberOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return Number.NaN;
}

function categoryCode(codes: Map<string, number>, v: unknown): number {
  if (v === undefined || v === null) return MISSING_CATEGORY;
  return codes.get(typeof v === 'string' ? v : String(v)) ?? MISSING_CATEGORY;
}
