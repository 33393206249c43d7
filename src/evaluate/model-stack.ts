import type { LabelledRow } from '../features/history.js';
import type { ModelFacts, WatchlistFacts } from '../features/fact.js';
import type { TrainingFeatures } from '../features/training.js';
import type { LoadedRuleSet } from '../ruleset/types.js';
import { fitSample, type TrainingRow } from './fact-table.js';
import type { CapacityTarget } from './fit-thresholds.js';
import { fitModelBands, type FittedBands } from './model-bands.js';
import { pointsOnRows } from './row-points.js';

export interface StackOptions {
  /** The hand-written rules and the scorecard, loaded together. */
  rules: LoadedRuleSet;
  watchlists?: WatchlistFacts;
  /** The model as fitted without the validation months, and the first day of those months. */
  holdout: ModelFacts;
  from: string;
  seed: number;
  capacity?: CapacityTarget;
  /** Most validation rows read (a seeded sample beyond). */
  maxRows?: number;
}

/** Enough rows for the exchange rate and the capacity cut-offs at 0.5 % granularity. */
const DEFAULT_MAX_ROWS = 100_000;

/**
 * The risk model's bands for a calibrated set: the labelled train rows of
 * the validation months, each scored by the rules and the scorecard through
 * its own leakage-free profile, with the held-out model loaded (so
 * analysts' rules reading `model.*` count as they will when served).
 */
export function stackModel(train: readonly LabelledRow[], profiles: TrainingFeatures, o: StackOptions): FittedBands {
  const late = train
    .map((r, i) => ({ r, i }))
    .filter((x) => x.r.illicit !== undefined && x.r.consignment.date !== undefined && x.r.consignment.date >= o.from);
  const picked = fitSample(
    late.map((x) => x.r.consignment.id),
    o.seed,
    o.maxRows ?? DEFAULT_MAX_ROWS,
  ).map((k) => late[k]);
  const rows: TrainingRow[] = picked.map(({ r, i }) => ({
    id: r.consignment.id,
    date: r.consignment.date,
    illicit: r.illicit === 1,
    context: { consignment: r.consignment, profile: profiles.factsFor(i) },
  }));
  const setPoints = pointsOnRows(o.rules, rows, { watchlists: o.watchlists, model: o.holdout });
  const riskPoints = Float64Array.from(rows, (r) => Number(o.holdout.fact('model.riskPoints', r.context) ?? 0));
  const labels = Uint8Array.from(rows, (r) => (r.illicit ? 1 : 0));
  return fitModelBands(setPoints, riskPoints, labels, o.capacity);
}
