import { writeFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { canonicalJson, sha256Hex } from '../canonical-json.js';
import { parseMapping, type Mapping } from '../declaration/mapping.js';
import { ModelError, TargetingError } from '../errors.js';
import { checkEnsemble } from './check-ensemble.js';
import type { TreeEnsemble } from './ensemble.js';
import { MODEL_SCHEMA } from './model-schema.js';
import { readText } from '../text-input.js';

export const MODEL_FORMAT = 'customs-targeting-model';

/** A model file: the ensemble and where it comes from. Immutable once loaded. */
export interface ModelFile {
  format: typeof MODEL_FORMAT;
  version: 1;
  /** sha256 (hex) of the canonical JSON of every other member. */
  id: string;
  name: string;
  createdAt: string;
  source: 'trained' | 'lightgbm';
  /** The mapping the features were read through (null: the built-in field names). */
  mapping: Mapping | null;
  /** Illicit rate of the training rows: model.riskPoints measures the odds against it. */
  baseRate: number;
  ensemble: TreeEnsemble;
  training: { from: string | null; to: string | null; rows: number; positives: number | null; sampledRows?: number };
  validation: {
    from: string | null;
    to: string | null;
    rows: number;
    auc: number | null;
    precisionAt: Record<string, number> | unknown[];
  } | null;
  hyperParameters: Record<string, unknown>;
}

export type ModelBody = Omit<ModelFile, 'id'>;

// Compiled on first use: every command imports the fact catalog, few load a model.
let validator: ValidateFunction | undefined;
const validateSchema = (v: unknown): boolean =>
  (validator ??= new Ajv({ allErrors: false, strict: false }).compile(MODEL_SCHEMA))(v);
const REWRITE = 'write it again with `targeting model train` or `targeting model import`';

export function modelId(body: ModelBody | ModelFile): string {
  return sha256Hex(canonicalJson(body, 'id'));
}

/** The file's text: its id first (for a reader's eye), then the members. */
export function serializeModel(body: ModelBody): { id: string; text: string } {
  const id = modelId(body);
  const { format, version, ...rest } = body;
  // The id first for a reader's eye; a stale id in `body` is overwritten in place.
  const out = { format, version, id, ...rest };
  out.id = id;
  return { id, text: JSON.stringify(out) + '\n' };
}

export function writeModel(file: string, body: ModelBody): string {
  const { id, text } = serializeModel(body);
  try {
    writeFileSync(file, text);
  } catch (e) {
    throw new ModelError('MODEL_UNWRITABLE', `cannot write the model (${(e as NodeJS.ErrnoException).code})`, { file });
  }
  return id;
}

export function loadModel(file: string): ModelFile {
  const hint = 'check the path given to --model / MODEL';
  return parseModel(readText(file, ModelError, 'MODEL_UNREADABLE', 'the model file', hint), file);
}

/**
 * Parses and checks a model file: JSON, the schema, the ensemble's structure,
 * the mapping, and that the id matches the content (no silent edit or
 * truncation). Every failure is one ModelError naming the JSON path.
 */
export function parseModel(text: string, file?: string): ModelFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    // A written model always ends with its closing brace: without it, the file was cut short.
    const truncated = !text.trimEnd().endsWith('}');
    throw new ModelError(
      'BAD_MODEL',
      `not a model file: the JSON is ${truncated ? 'truncated' : 'corrupt'} (${(e as Error).message})`,
      { file },
      REWRITE,
    );
  }
  const format = (value as { format?: unknown } | null)?.format;
  if (format !== MODEL_FORMAT)
    throw new ModelError(
      'BAD_MODEL',
      `not a model file (format ${JSON.stringify(format ?? null)}, expected "${MODEL_FORMAT}")`,
      { file, path: '$.format' },
      REWRITE,
    );
  if (!validateSchema(value)) {
    const err = validator!.errors![0];
    throw new ModelError('BAD_MODEL', schemaProblem(err), { file, path: jsonPath(err.instancePath) }, REWRITE);
  }
  const model = value as unknown as ModelFile;
  const problem = checkEnsemble(model.ensemble);
  if (problem) throw new ModelError('BAD_MODEL', problem.problem, { file, path: problem.path }, REWRITE);
  if (modelId(model) !== model.id)
    throw new ModelError(
      'MODEL_ID_MISMATCH',
      'its content does not match its id (the file was edited or damaged)',
      { file, path: '$.id' },
      REWRITE,
    );
  if (model.mapping) {
    try {
      model.mapping = parseMapping(model.mapping);
    } catch (e) {
      if (!(e instanceof TargetingError)) throw e;
      throw new ModelError('BAD_MODEL', `bad mapping: ${e.message}`, { file, path: '$.mapping' }, REWRITE);
    }
  }
  return model;
}

function schemaProblem(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'required') return `"${p.missingProperty}" is missing`;
  if (e.keyword === 'additionalProperties') return `unknown member "${p.additionalProperty}"`;
  if (e.keyword === 'const' && e.instancePath === '/format')
    return `not a model file (format must be "${MODEL_FORMAT}")`;
  if (e.keyword === 'const' && e.instancePath === '/version')
    return `unknown model version (this engine reads version 1)`;
  return e.message ?? e.keyword;
}

/** `/ensemble/trees/3/left` → `$.ensemble.trees[3].left` */
function jsonPath(pointer: string): string {
  return (
    '$' +
    pointer
      .split('/')
      .slice(1)
      .map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s.replace(/~1/g, '/').replace(/~0/g, '~')}`))
      .join('')
  );
}
