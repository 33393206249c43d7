import { LABEL_ROLES, type Role } from '../declaration/mapping.js';
import { ModelError } from '../errors.js';
import type { ModelFeature } from './ensemble.js';
import type { Mapping } from '../declaration/mapping.js';
import type { LightGbmText } from './lightgbm-text.js';

/** How `targeting model import lightgbm` reads a model: the mapping its columns come from, and what to record. */
export interface LightGbmImportOptions {
  file?: string;
  /** The mapping the data scientist's columns come from; null: columns are named as facts. */
  mapping: Mapping | null;
  /** Is this a fact rules can read (the catalog with the mapping's facts)? */
  isFact: (name: string) => boolean;
  name?: string;
  /** Training illicit rate; default: read from the first tree (see trainingRate). */
  baseRate?: number;
  training?: { from?: string; to?: string; positives?: number };
  createdAt?: string;
}

/**
 * A LightGBM model's features as model features: names resolved to facts,
 * categorical ones (the `categorical_feature` parameter, else their
 * feature_infos) with their category lists from `pandas_categorical`.
 */
export function readFeatures(parsed: LightGbmText, opts: LightGbmImportOptions): ModelFeature[] {
  const file = opts.file;
  const namesEntry = parsed.header.get('feature_names');
  if (!namesEntry) throw new ModelError('BAD_LIGHTGBM_MODEL', '"feature_names" is missing', { file });
  const names = namesEntry.value.split(/\s+/);
  const infos = parsed.header.get('feature_infos')?.value.split(/\s+/) ?? [];
  const declared = parsed.parameters.get('categorical_feature');
  const categorical = new Set(
    declared
      ? declared.split(',').filter(Boolean).map(Number)
      : names
          .map((_, i) => i)
          .filter((i) => infos[i] !== undefined && infos[i] !== 'none' && !infos[i].startsWith('[')),
  );
  const lists = parsed.pandasCategorical;
  if (lists && lists.length !== categorical.size)
    throw new ModelError(
      'BAD_LIGHTGBM_MODEL',
      `pandas_categorical has ${lists.length} category lists for ${categorical.size} categorical features`,
      { file, line: parsed.pandasLine },
      'train on a DataFrame whose categorical features are all pandas categoricals',
    );
  const facts = new Map<string, string>();
  let next = 0;
  return names.map((column, i): ModelFeature => {
    const name = factOf(column, opts);
    if (facts.has(name))
      throw new ModelError(
        'UNKNOWN_MODEL_FEATURE',
        `features "${facts.get(name)}" and "${column}" both read fact "${name}"`,
        {
          file,
          line: namesEntry.line,
        },
      );
    facts.set(name, column);
    if (!categorical.has(i)) return { name, kind: 'numeric' };
    // Codes are positions in the pandas category list; without one, the codes are the values themselves.
    const list = lists ? lists[next++] : integerCodes(infos[i]);
    return { name, kind: 'categorical', categories: list.map(String) };
  });
}

/** `-1:5:3:0` (LightGBM's feature_infos of a categorical feature) → "0".."5". */
function integerCodes(info: string | undefined): string[] {
  const codes = (info ?? '')
    .split(':')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n >= 0);
  const max = codes.length ? Math.max(...codes) : -1;
  return Array.from({ length: max + 1 }, (_, k) => String(k));
}

/**
 * The fact a LightGBM feature (a source column name) stands for: the role the
 * mapping gives the column, else an extra column of the mapping, else a fact
 * of that name (a column the data scientist named after a fact: valuePerKg,
 * importer.riskPoints…).
 */
export function factOf(column: string, opts: Pick<LightGbmImportOptions, 'mapping' | 'isFact' | 'file'>): string {
  const m = opts.mapping;
  const role = m && (Object.entries(m.columns).find(([, c]) => c === column)?.[0] as Role | undefined);
  if (role && LABEL_ROLES.includes(role))
    throw new ModelError(
      'UNKNOWN_MODEL_FEATURE',
      `feature "${column}" is the ${role} column: a model cannot read its label`,
      {
        file: opts.file,
        field: column,
      },
    );
  if (role) return role;
  if (m && (m.categorical.includes(column) || m.numeric.includes(column))) return column;
  if (opts.isFact(column)) return column;
  throw new ModelError(
    'UNKNOWN_MODEL_FEATURE',
    `feature "${column}" is neither a column of the mapping nor a fact`,
    { file: opts.file, field: column },
    m
      ? 'add the column to the mapping file (columns, categorical or numeric), or name it after a fact (`targeting features`)'
      : 'pass --mapping with the mapping of the training data, or name the column after a fact (`targeting features`)',
  );
}
