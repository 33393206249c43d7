import { basename } from 'node:path';
import { ModelError } from '../errors.js';
import { logistic } from '../features/shrinkage.js';
import type { FlatTree, TreeEnsemble } from './ensemble.js';
import { readFeatures, type LightGbmImportOptions } from './lightgbm-features.js';
import { numberList, readLightGbmText, type LightGbmText } from './lightgbm-text.js';
import { MODEL_FORMAT, type ModelBody } from './model-file.js';
import { CompiledEnsemble } from './predict.js';
import { TreeShap } from './tree-shap.js';

export type { LightGbmImportOptions } from './lightgbm-features.js';

const HYPER_PARAMETERS = [
  'boosting',
  'objective',
  'learning_rate',
  'num_leaves',
  'num_iterations',
  'max_depth',
  'min_data_in_leaf',
  'min_sum_hessian_in_leaf',
  'lambda_l1',
  'lambda_l2',
  'feature_fraction',
  'bagging_fraction',
  'bagging_freq',
  'max_bin',
  'max_cat_to_onehot',
  'cat_smooth',
  'cat_l2',
  'zero_as_missing',
  'seed',
];

/**
 * A LightGBM text model (binary objective) as a model file. LightGBM's trees
 * are kept as they are, so scores match LightGBM's; two layouts differ from
 * ours and are folded into the leaves: `sigmoid:σ` ≠ 1 (leaves × σ, so the
 * raw score is log-odds) and `boosting=rf`, whose probability is
 * sigmoid(mean of the trees) (leaves ÷ trees, so the raw score is that mean).
 */
export function importLightGbm(text: string, opts: LightGbmImportOptions): ModelBody {
  const file = opts.file;
  const parsed = readLightGbmText(text, file);
  const header = (key: string) => parsed.header.get(key);
  const fail = (problem: string, line?: number, hint?: string): never => {
    throw new ModelError('BAD_LIGHTGBM_MODEL', problem, { file, line }, hint);
  };
  const objective = header('objective');
  if (!objective || !/^binary(\s|$)/.test(objective.value))
    fail(
      `objective "${objective?.value ?? 'none'}" is not binary`,
      objective?.line,
      'train with objective="binary" (illicit 0/1)',
    );
  const sigmoid = Number(/sigmoid:(\S+)/.exec(objective!.value)?.[1] ?? 1);
  if (!(sigmoid > 0)) fail(`sigmoid ${sigmoid} must be positive`, objective!.line);
  for (const key of ['num_class', 'num_tree_per_iteration']) {
    const e = header(key);
    if (e && e.value !== '1') fail(`${key}=${e.value}: only single-output binary models can be imported`, e.line);
  }
  const rf = parsed.flags.has('average_output');
  const features = readFeatures(parsed, opts);
  const scale = sigmoid / (rf ? parsed.trees.length : 1);
  const trees = parsed.trees.map((t) => readTree(t, features.length, scale, file));
  const ensemble: TreeEnsemble = { kind: 'gbdt', initScore: 0, features, trees };
  const root = trees[0].internalCount[0] ?? trees[0].leafCount[0];
  const params = parsed.parameters;
  const hyperParameters: Record<string, unknown> = { lightgbmVersion: header('version')?.value, trees: trees.length };
  for (const key of HYPER_PARAMETERS) {
    const v = params.get(key);
    if (v !== undefined && v !== '') hyperParameters[key] = Number.isFinite(Number(v)) ? Number(v) : v;
  }
  return {
    format: MODEL_FORMAT,
    version: 1,
    name: opts.name ?? basename(file ?? 'lightgbm').replace(/\.txt$/, ''),
    createdAt: opts.createdAt ?? new Date().toISOString(),
    source: 'lightgbm',
    mapping: opts.mapping,
    baseRate: opts.baseRate ?? trainingRate(ensemble, rf, parsed.parameters.get('boost_from_average') !== '0'),
    ensemble,
    training: {
      from: opts.training?.from ?? null,
      to: opts.training?.to ?? null,
      rows: root,
      positives: opts.training?.positives ?? null,
    },
    validation: null,
    hyperParameters,
  };
}

/**
 * The training illicit rate, which LightGBM does not store. Boosting from the
 * average (the default), the first tree starts at logit(rate) and its Newton
 * steps average to zero over its rows, so its expected value is that logit
 * (as is each forest tree's, before the mean). Otherwise, the model's expected
 * score stands in.
 */
function trainingRate(e: TreeEnsemble, rf: boolean, fromAverage: boolean): number {
  const first = { ...e, trees: [e.trees[0]] };
  if (fromAverage || rf)
    return logistic(new TreeShap(new CompiledEnsemble(first)).expected * (rf ? e.trees.length : 1));
  return logistic(new TreeShap(new CompiledEnsemble(e)).expected);
}

function readTree(t: LightGbmText['trees'][number], featureCount: number, scale: number, file?: string): FlatTree {
  const f = (key: string) => t.fields.get(key);
  const what = (key: string) => `Tree=${t.index} ${key}`;
  const leaves = numberList(f('num_leaves'), 1, what('num_leaves'), file, true)[0];
  if (!(leaves >= 1))
    throw new ModelError('BAD_LIGHTGBM_MODEL', `${what('num_leaves')} must be ≥ 1`, { file, line: t.line });
  if (f('is_linear') && f('is_linear')!.value !== '0')
    throw new ModelError(
      'BAD_LIGHTGBM_MODEL',
      `Tree=${t.index} is a linear tree`,
      { file, line: t.line },
      'train with linear_tree=false',
    );
  const n = leaves - 1;
  const ints = (key: string, len: number) => numberList(f(key), len, what(key), file, true);
  const splitFeature = ints('split_feature', n);
  const bad = splitFeature.findIndex((s) => s < 0 || s >= featureCount);
  if (bad >= 0)
    throw new ModelError('BAD_LIGHTGBM_MODEL', `${what('split_feature')} ${splitFeature[bad]} is not a feature`, {
      file,
      line: f('split_feature')?.line,
    });
  const numCat = f('num_cat') ? ints('num_cat', 1)[0] : 0;
  const tree: FlatTree = {
    splitFeature,
    threshold: numberList(f('threshold'), n, what('threshold'), file),
    decisionType: f('decision_type') ? ints('decision_type', n) : new Array(n).fill(0),
    left: ints('left_child', n),
    right: ints('right_child', n),
    leafValue: numberList(f('leaf_value'), leaves, what('leaf_value'), file).map((v) => v * scale),
    leafCount: f('leaf_count') ? ints('leaf_count', leaves) : new Array(leaves).fill(0),
    internalCount: ints('internal_count', n),
  };
  if (numCat > 0) {
    tree.catBoundaries = ints('cat_boundaries', numCat + 1);
    tree.catThreshold = ints('cat_threshold', -1);
  }
  return tree;
}
