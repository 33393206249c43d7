import type { Consignment } from '../../declaration/record.js';
import type { ProfileFacts } from '../../features/fact.js';
import type { ModelFeature } from '../ensemble.js';
import type { ModelInput } from './inputs.js';

/** One row to encode: a declaration and the profile its facts are read in (out-of-fold for training rows). */
export interface MatrixRow {
  consignment: Consignment;
  profile?: ProfileFacts;
}

/**
 * Model inputs as numbers, one column per feature: numeric facts as they are,
 * categorical ones as their code (index in `categories`); missing is NaN.
 */
export interface FeatureMatrix {
  features: ModelFeature[];
  columns: Float64Array[];
  rows: number;
}

/**
 * A category needs this many training rows to get a code. Rarer values are
 * pooled with unseen and absent ones as missing (code -1, always right of a
 * split). A split orders only categories with at least cat_smooth (10) rows in
 * the leaf and sends the others right (LightGBM's rule), so pooling them
 * changes no split and saves their bins; their risk still reaches the model
 * through the profile's risk points, which shrink thin evidence.
 */
export const MIN_CATEGORY_ROWS = 10;
/** At most this many codes per categorical feature, the most frequent (bins are 16-bit). */
export const MAX_CATEGORIES = 20_000;

/**
 * Encodes rows. Categories come from `categories` (scoring rows after
 * training) or are learnt from these rows (training).
 */
export function featureMatrix(
  inputs: readonly ModelInput[],
  rows: readonly MatrixRow[],
  categories?: readonly (readonly string[] | undefined)[],
): FeatureMatrix {
  const n = rows.length;
  // Numbers go straight into their column; only categories are kept raw until their codes are known
  // (a generic array of numbers would box each one: garbage the size of the matrix).
  const numeric = inputs.map(({ feature }) => (feature.kind === 'numeric' ? new Float64Array(n) : undefined));
  const raw: unknown[][] = inputs.map(({ feature }) => (feature.kind === 'numeric' ? [] : new Array(n)));
  const bound = new Map<ProfileFacts | undefined, ((c: Consignment) => unknown)[]>();
  for (let i = 0; i < n; i++) {
    const { consignment, profile } = rows[i];
    let getters = bound.get(profile);
    if (!getters) {
      getters = inputs.map(
        ({ fact }) => fact.bind?.({ profile }) ?? ((c: Consignment) => fact.compute({ consignment: c, profile })),
      );
      bound.set(profile, getters);
    }
    for (let f = 0; f < inputs.length; f++) {
      const column = numeric[f];
      if (column) column[i] = toNumber(getters[f](consignment));
      else raw[f][i] = getters[f](consignment);
    }
  }
  const features: ModelFeature[] = [];
  const columns = inputs.map(({ feature }, f) => {
    if (feature.kind === 'numeric') {
      features.push({ name: feature.name, kind: 'numeric' });
      return numeric[f]!;
    }
    const known = categories?.[f] ?? learnCategories(raw[f]);
    features.push({ name: feature.name, kind: 'categorical', categories: [...known] });
    const code = new Map(known.map((v, k) => [v, k]));
    return Float64Array.from(raw[f], (v) => code.get(categoryOf(v)!) ?? Number.NaN);
  });
  return { features, columns, rows: n };
}

function learnCategories(values: readonly unknown[]): string[] {
  const counts = new Map<string, number>();
  for (const v of values) {
    const c = categoryOf(v);
    if (c !== undefined) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  return [...counts]
    .filter(([, k]) => k >= MIN_CATEGORY_ROWS)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, MAX_CATEGORIES)
    .map(([v]) => v);
}

function categoryOf(v: unknown): string | undefined {
  return v === undefined || v === null || v === '' ? undefined : String(v);
}

function toNumber(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : Number.NaN;
}
