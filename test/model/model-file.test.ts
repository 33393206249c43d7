import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_MAPPING } from '../../src/declaration/mapping.js';
import { ModelError } from '../../src/errors.js';
import { checkEnsemble } from '../../src/model/check-ensemble.js';
import {
  loadModel,
  modelId,
  parseModel,
  serializeModel,
  writeModel,
  type ModelBody,
} from '../../src/model/model-file.js';
import { randomEnsemble } from './random-ensemble.js';

export function randomModelBody(seed = 1): ModelBody {
  return {
    format: 'customs-targeting-model',
    version: 1,
    name: 'random',
    createdAt: '2026-12-01T00:00:00.000Z',
    source: 'trained',
    mapping: null,
    baseRate: 0.05,
    ensemble: randomEnsemble(seed, { features: 6, trees: 5, leaves: 8 }),
    training: { from: '2025-01-01', to: '2025-12-31', rows: 1000, positives: 50 },
    validation: { from: '2026-01-01', to: '2026-03-31', rows: 300, auc: 0.8, precisionAt: { '5': 0.4 } },
    hyperParameters: { learningRate: 0.1 },
  };
}

/** The error parseModel throws for a body edited by `edit` (id recomputed unless `keepId`). */
function errorOf(edit: (b: ModelBody) => void, keepId = false): ModelError {
  const body = structuredClone(randomModelBody());
  const { id } = serializeModel(body);
  edit(body);
  const text = JSON.stringify({ ...body, id: keepId ? id : modelId(body) });
  try {
    parseModel(text, 'm.json');
  } catch (e) {
    expect(e).toBeInstanceOf(ModelError);
    return e as ModelError;
  }
  throw new Error('expected a ModelError');
}

describe('model file', () => {
  it('writes and reads back: id over the canonical content', () => {
    const dir = mkdtempSync(join(tmpdir(), 'model-'));
    const body = randomModelBody();
    const id = writeModel(join(dir, 'm.json'), body);
    const back = loadModel(join(dir, 'm.json'));
    expect(back.id).toBe(id);
    expect(back.ensemble).toEqual(body.ensemble);
  });

  it('random ensembles of the tests are sound', () => {
    for (let seed = 1; seed < 50; seed++)
      expect(checkEnsemble(randomEnsemble(seed, { features: 7, trees: 4, leaves: 20 }))).toBeUndefined();
  });

  it('a truncated or corrupt file is one clear line', () => {
    const { text } = serializeModel(randomModelBody());
    expect(() => parseModel(text.slice(0, text.length / 2), 'm.json')).toThrow(
      /^m\.json: not a model file: the JSON is truncated .* — write it again with `targeting model train` or `targeting model import`$/,
    );
    expect(() => parseModel('{"format": nope}', 'm.json')).toThrow(/the JSON is corrupt/);
    expect(() => parseModel('{"format":"customs-targeting-profile"}', 'm.json')).toThrow(
      /not a model file \(format "customs-targeting-profile", expected "customs-targeting-model"\)/,
    );
    expect(() => loadModel('/nonexistent/model.json')).toThrow(/cannot read the model file \(ENOENT\)/);
  });

  it('an edited file no longer matches its id', () => {
    const e = errorOf((b) => (b.baseRate = 0.06), true);
    expect(e.code).toBe('MODEL_ID_MISMATCH');
    expect(e.where.path).toBe('$.id');
  });

  it.each<[string, (b: ModelBody) => void, string, RegExp]>([
    ['a missing member', (b) => delete (b as Partial<ModelBody>).baseRate, '$', /"baseRate" is missing/],
    [
      'a non-number leaf',
      (b) => ((b.ensemble.trees[2].leafValue as unknown[])[1] = 'x'),
      '$.ensemble.trees[2].leafValue[1]',
      /number/,
    ],
    [
      'arrays of different lengths',
      (b) => b.ensemble.trees[1].left.pop(),
      '$.ensemble.trees[1].left',
      /has \d+ entries, splitFeature has/,
    ],
    [
      'a child out of range',
      (b) => (b.ensemble.trees[0].right[0] = 99),
      '$.ensemble.trees[0].right[0]',
      /child 99 is out of range/,
    ],
    [
      'a leaf out of range',
      (b) => (b.ensemble.trees[0].right[0] = ~99),
      '$.ensemble.trees[0].right[0]',
      /leaf 99 is out of range/,
    ],
    [
      'a split feature out of range',
      (b) => (b.ensemble.trees[0].splitFeature[0] = 6),
      '$.ensemble.trees[0].splitFeature[0]',
      /feature index 6 is out of range/,
    ],
    [
      'counts that do not add up',
      (b) => (b.ensemble.trees[0].internalCount[0] += 1),
      '$.ensemble.trees[0].internalCount[0]',
      /counts must add up/,
    ],
    [
      'a numeric split on a categorical feature',
      (b) => {
        const t = b.ensemble.trees.find((t) => t.decisionType.some((d) => d & 1))!;
        t.decisionType[t.decisionType.findIndex((d) => d & 1)] &= ~1;
      },
      '',
      /a numeric split on categorical feature/,
    ],
    [
      'a bitset boundary past its words',
      (b) => {
        const t = b.ensemble.trees.find((t) => t.catBoundaries)!;
        t.catBoundaries![t.catBoundaries!.length - 1] += 1;
      },
      '',
      /must equal the \d+ words of catThreshold/,
    ],
    [
      'a categorical feature without categories',
      (b) => delete b.ensemble.features[2].categories,
      '$.ensemble.features[2]',
      /has no "categories"/,
    ],
    [
      'a bad mapping',
      (b) => (b.mapping = { columns: {}, categorical: [], numeric: [] }),
      '$.mapping',
      /bad mapping: .*"id" role is required/,
    ],
  ])('names the JSON path of %s', (_, edit, path, problem) => {
    const e = errorOf(edit);
    expect(e.code).toBe('BAD_MODEL');
    if (path) expect(e.where.path).toBe(path);
    expect(e.message).toMatch(problem);
    expect(e.message).not.toContain('\n');
  });

  it('keeps the mapping it was made with', () => {
    const body = { ...randomModelBody(), mapping: BUILT_IN_MAPPING };
    expect(parseModel(serializeModel(body).text).mapping).toEqual(BUILT_IN_MAPPING);
  });
});
