import { BUILT_IN_MAPPING, type Mapping } from '../../declaration/mapping.js';
import { ConfigError } from '../../errors.js';
import { fitSample } from '../../evaluate/fact-table.js';
import { holdOutLastMonths } from '../../evaluate/validation-split.js';
import type { LabelledRow } from '../../features/history.js';
import type { ProfileSettings } from '../../features/profile.js';
import { trainingFeatures, type TrainingFeatures } from '../../features/training.js';
import type { TreeEnsemble } from '../ensemble.js';
import { binMatrix } from './binned-matrix.js';
import { boost } from './boost.js';
import { featureMatrix } from './feature-matrix.js';
import { forest } from './forest.js';
import { firstStage, type Candidate } from './grid.js';
import type { GrownTree } from './grow-tree.js';
import { modelInputs } from './inputs.js';
import { validationScores } from './validation-scores.js';
import { withModelId, MODEL_FORMAT, MODEL_VERSION, type GridEntry, type TrainedModelFile } from './write-model.js';

export interface TrainModelOptions {
  name: string;
  /** The mapping the rows were read through (default: the built-in one). */
  mapping?: Mapping;
  /** Profile settings of the out-of-fold facts (those of the profile served with the model). */
  settings?: Partial<ProfileSettings>;
  /** The rows' out-of-fold profile facts when the caller has them already (evaluate --calibrate). */
  features?: TrainingFeatures;
  seed?: number;
  /** Most labelled rows the final model learns from; a seeded sample beyond (default 300 000). */
  maxRows?: number;
  /** Most rows each candidate of the search learns from (default 100 000); all validation rows are scored. */
  searchRows?: number;
  /** The search (default grid.ts's); each candidate is tried on the validation months. */
  candidates?: Candidate[];
  now?: Date;
}

/** Enough rows for ranking quality on the generated data to plateau; keeps 1M rows within two minutes. */
export const DEFAULT_MAX_ROWS = 300_000;
/** The search compares candidates; it needs fewer rows than the final fit to rank them. */
export const DEFAULT_SEARCH_ROWS = 100_000;

/**
 * Trains a tree ensemble on labelled history: every labelled row (or a
 * seeded sample) encoded with its out-of-fold profile facts, the candidates
 * fitted on train without its last months and ranked on those months
 * (precision at 5 % inspected, then AUC), the winner refitted on all of it
 * (boosting: with the best round count). Deterministic for a seed.
 */
export function trainModel(rows: readonly LabelledRow[], opts: TrainModelOptions): TrainedModelFile {
  return trainWithHoldout(rows, opts).model;
}

/**
 * The trained model and its held-out twin: the chosen candidate as fitted
 * during the search, on rows before the validation months only. Its scores on
 * those months are out of sample, which is what a fit of how much the model
 * is worth beside the rules needs (evaluate --calibrate).
 */
export function trainWithHoldout(
  rows: readonly LabelledRow[],
  opts: TrainModelOptions,
): { model: TrainedModelFile; holdout: TrainedModelFile } {
  const seed = opts.seed ?? 1;
  const mapping = opts.mapping ?? BUILT_IN_MAPPING;
  const labelled = rows.map((r, i) => ({ r, i })).filter((x) => x.r.illicit !== undefined);
  const positives = labelled.reduce((s, x) => s + x.r.illicit!, 0);
  if (positives === 0 || positives === labelled.length) {
    throw new ConfigError(
      'CANNOT_TRAIN',
      `the history has ${labelled.length} labelled declarations, ${positives} of them illicit: a model needs both outcomes`,
      { field: 'illicit' },
      'map the outcome column (role "illicit" in --mapping) and give a history with inspections that found fraud and some that did not',
    );
  }
  const profiles = opts.features ?? trainingFeatures(rows, { mapping, settings: opts.settings });
  const picked = fitSample(
    labelled.map((x) => x.r.consignment.id),
    seed,
    opts.maxRows ?? DEFAULT_MAX_ROWS,
  ).map((k) => labelled[k]);
  const inputs = modelInputs(mapping);
  const matrix = featureMatrix(
    inputs,
    picked.map(({ r, i }) => ({ consignment: r.consignment, profile: profiles.factsFor(i) })),
  );
  const data = binMatrix(matrix);
  const labels = Uint8Array.from(picked, (x) => x.r.illicit!);
  const ids = picked.map((x) => x.r.consignment.id);
  const dates = picked.map((x) => x.r.consignment.date);
  const held = holdOutLastMonths(dates);
  const before = indicesWhere(held, 0);
  const fitRows = Uint32Array.from(
    fitSample(
      Array.from(before, (r) => ids[r]),
      seed,
      opts.searchRows ?? DEFAULT_SEARCH_ROWS,
    ),
    (k) => before[k],
  );
  const validRows = indicesWhere(held, 1);
  const allRows = Uint32Array.from(picked, (_, k) => k);
  const validIds = Array.from(validRows, (r) => ids[r]);
  const validLabels = Array.from(validRows, (r) => labels[r] === 1);

  if (fitRows.length === 0 || validRows.length === 0) {
    throw new ConfigError(
      'CANNOT_VALIDATE',
      `of ${picked.length} labelled declarations, ${validRows.length} are dated late enough to validate on and ${fitRows.length} before: a model is chosen on the last months of train`,
      { field: 'date' },
      'map the date column (role "date" in --mapping) and give a history spanning several months',
    );
  }
  const tried: { candidate: Candidate; entry: GridEntry; ensemble: TreeEnsemble }[] = [];
  const tryCandidate = (c: Candidate): void => {
    const fitted =
      c.kind === 'gbdt'
        ? boost(data, labels, fitRows, c.params, validRows)
        : forest(data, labels, fitRows, c.params, validRows);
    const rounds = c.kind === 'gbdt' ? { rounds: (fitted as ReturnType<typeof boost>).bestRounds } : {};
    tried.push({
      candidate: c,
      ensemble: ensembleOf(c.kind, fitted, matrix.features),
      entry: {
        kind: c.kind,
        hyperParameters: hyperParameters(c),
        ...rounds,
        ...validationScores(validIds, validLabels, fitted.validScores!),
      },
    });
  };
  for (const c of opts.candidates ?? firstStage(seed, inputs.length, picked.length)) tryCandidate(c);
  const grid = tried.map((t) => t.entry);
  const chosen = [...tried].sort((a, b) => better(a.entry, b.entry))[0];
  const ensemble = refit(chosen.candidate, chosen.entry.rounds, data, labels, allRows, matrix.features);
  const validDates = Array.from(validRows, (r) => dates[r])
    .filter((d): d is string => d !== undefined)
    .sort();
  const trainDates = dates.filter((d): d is string => d !== undefined).sort();
  const best = chosen.entry;
  const body: Omit<TrainedModelFile, 'id'> = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    name: opts.name,
    createdAt: (opts.now ?? new Date()).toISOString(),
    source: 'trained',
    mapping: opts.mapping ?? null,
    baseRate: positives / labelled.length,
    ensemble,
    training: {
      ...(trainDates.length ? { from: trainDates[0], to: trainDates[trainDates.length - 1] } : {}),
      rows: labelled.length,
      positives,
      ...(picked.length < labelled.length ? { sampledRows: picked.length } : {}),
    },
    validation: {
      ...(validDates.length ? { from: validDates[0], to: validDates[validDates.length - 1] } : {}),
      rows: validRows.length,
      auc: best.auc,
      precisionAt: best.precisionAt,
    },
    hyperParameters: {
      kind: chosen.candidate.kind,
      ...hyperParameters(chosen.candidate),
      ...(best.rounds ? { rounds: best.rounds } : {}),
      seed,
    },
    grid,
  };
  return {
    model: withModelId(body),
    holdout: withModelId({
      ...body,
      name: `${opts.name} (held out)`,
      ensemble: chosen.ensemble,
      training: { ...body.training, sampledRows: fitRows.length },
    }),
  };
}

function ensembleOf(
  kind: Candidate['kind'],
  fitted: { trees: GrownTree[]; initScore?: number },
  features: TreeEnsemble['features'],
): TreeEnsemble {
  const trees = fitted.trees.map((t) => t.flat);
  return kind === 'rf'
    ? { kind, initScore: 0, features, trees }
    : { kind, initScore: fitted.initScore ?? 0, features, trees };
}

/** Higher precision at 5 % first, then higher AUC; earlier candidates win ties (the grid is ordered simplest first). */
function better(a: GridEntry, b: GridEntry): number {
  return b.precisionAt['5'] - a.precisionAt['5'] || (b.auc ?? 0) - (a.auc ?? 0);
}

function refit(
  c: Candidate,
  rounds: number | undefined,
  data: ReturnType<typeof binMatrix>,
  labels: Uint8Array,
  rows: Uint32Array,
  features: TreeEnsemble['features'],
): TreeEnsemble {
  if (c.kind === 'rf') return ensembleOf('rf', forest(data, labels, rows, c.params), features);
  return ensembleOf('gbdt', boost(data, labels, rows, { ...c.params, rounds: rounds ?? c.params.rounds }), features);
}

function hyperParameters(c: Candidate): Record<string, number> {
  const p = c.params;
  const shared = { numLeaves: p.numLeaves, minDataInLeaf: p.minDataInLeaf, maxCatThreshold: p.maxCatThreshold };
  if (c.kind === 'rf')
    return {
      ...shared,
      trees: c.params.trees,
      featuresPerSplit: c.params.featuresPerSplit,
      samplesPerTree: c.params.samplesPerTree,
    };
  return {
    ...shared,
    learningRate: c.params.learningRate,
    lambdaL2: c.params.lambdaL2,
    baggingFraction: c.params.baggingFraction,
    featureFraction: c.params.featureFraction,
  };
}

function indicesWhere(mask: Uint8Array, value: number): Uint32Array {
  const out: number[] = [];
  mask.forEach((m, i) => {
    if (m === value) out.push(i);
  });
  return Uint32Array.from(out);
}
