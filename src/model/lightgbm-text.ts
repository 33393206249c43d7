import { ModelError } from '../errors.js';

/** One `key=value` of LightGBM's text format, with the line it came from. */
export interface Entry {
  value: string;
  line: number;
}

/** LightGBM's text model, split into its sections; values still text. */
export interface LightGbmText {
  header: Map<string, Entry>;
  /** Header lines without `=` (`average_output`). */
  flags: Set<string>;
  trees: { index: number; line: number; fields: Map<string, Entry> }[];
  /** The `parameters:` section: `[key: value]` lines. */
  parameters: Map<string, string>;
  /** `pandas_categorical:` JSON, null when absent or null. */
  pandasCategorical: unknown[][] | null;
  pandasLine?: number;
}

/**
 * Reads the sections of a model saved by LightGBM (`booster.save_model`):
 * the header, `Tree=N` blocks up to `end of trees`, `parameters:` and the
 * trailing `pandas_categorical:` line. Nothing is interpreted here beyond the
 * layout; a file cut short (no `end of trees`) is refused.
 */
export function readLightGbmText(text: string, file?: string): LightGbmText {
  const lines = text.split(/\r?\n/);
  const fail = (line: number, problem: string): never => {
    throw new ModelError(
      'BAD_LIGHTGBM_MODEL',
      problem,
      { file, line },
      'save the model with booster.save_model("model.txt")',
    );
  };
  if (lines[0]?.trim() !== 'tree') fail(1, 'not a LightGBM text model (the first line must be "tree")');
  const out: LightGbmText = {
    header: new Map(),
    flags: new Set(),
    trees: [],
    parameters: new Map(),
    pandasCategorical: null,
  };
  let fields = out.header;
  let section: 'header' | 'trees' | 'after' | 'parameters' = 'header';
  let ended = false;
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i].trim();
    const line = i + 1;
    if (raw === '') continue;
    if (raw === 'end of trees') {
      ended = true;
      section = 'after';
      continue;
    }
    if (section === 'parameters') {
      if (raw === 'end of parameters') section = 'after';
      else {
        const m = /^\[([^:\]]+):\s*(.*)\]$/.exec(raw);
        if (m) out.parameters.set(m[1].trim(), m[2].trim());
      }
      continue;
    }
    if (raw.startsWith('pandas_categorical:')) {
      try {
        const v = JSON.parse(raw.slice('pandas_categorical:'.length));
        if (v !== null && !(Array.isArray(v) && v.every(Array.isArray)))
          fail(line, 'pandas_categorical must be a list of category lists');
        out.pandasCategorical = v;
        out.pandasLine = line;
      } catch (e) {
        if (e instanceof ModelError) throw e;
        fail(line, `pandas_categorical is not JSON (${(e as Error).message})`);
      }
      continue;
    }
    if (section === 'after') {
      if (raw === 'parameters:') section = 'parameters';
      continue; // feature_importances and other trailers
    }
    const tree = /^Tree=(\d+)$/.exec(raw);
    if (tree) {
      section = 'trees';
      fields = new Map();
      out.trees.push({ index: Number(tree[1]), line, fields });
      continue;
    }
    const eq = raw.indexOf('=');
    if (eq < 0) {
      if (section === 'header') out.flags.add(raw);
      else fail(line, `unexpected line "${raw.slice(0, 40)}" in a tree`);
      continue;
    }
    fields.set(raw.slice(0, eq).trim(), { value: raw.slice(eq + 1).trim(), line });
  }
  if (!ended) fail(lines.length, 'the file ends before "end of trees" (truncated?)');
  if (out.trees.length === 0) fail(lines.length, 'the model has no trees');
  return out;
}

/** A space-separated list of numbers; `integer` also requires whole numbers. */
export function numberList(
  e: Entry | undefined,
  expected: number,
  what: string,
  file?: string,
  integer = false,
): number[] {
  if (expected === 0 && (!e || e.value === '')) return [];
  if (!e)
    throw new ModelError(
      'BAD_LIGHTGBM_MODEL',
      `"${what}" is missing`,
      { file },
      'save the model with booster.save_model',
    );
  const parts = e.value === '' ? [] : e.value.split(/\s+/);
  const values = parts.map(Number);
  const bad = values.findIndex((v, k) => !Number.isFinite(v) || (integer && !Number.isInteger(v)) || parts[k] === '');
  if (bad >= 0)
    throw new ModelError(
      'BAD_LIGHTGBM_MODEL',
      `"${what}" entry ${bad + 1} is "${parts[bad]}", not a ${integer ? 'whole ' : ''}number`,
      {
        file,
        line: e.line,
        field: what,
      },
    );
  if (expected >= 0 && values.length !== expected)
    throw new ModelError('BAD_LIGHTGBM_MODEL', `"${what}" has ${values.length} entries, expected ${expected}`, {
      file,
      line: e.line,
      field: what,
    });
  return values;
}
