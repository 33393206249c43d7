import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { BUILT_IN_FACTS } from '../features/catalog.js';
import type { WatchlistFacts } from '../features/fact.js';
import type { LabelledRow } from '../features/history.js';
import type { TrainingFeatures } from '../features/training.js';
import { loadRuleSet } from '../ruleset/load.js';
import type { LoadedRuleSet } from '../ruleset/types.js';
import { calibrate, type Scorecard } from './calibrate.js';
import { DEFAULT_CAPACITY } from './fit-thresholds.js';
import { candidateFacts, fitSample, trainingTable } from './fact-table.js';
import { pointsOnRows } from './row-points.js';
import { scorecardRuleSet, type ScorecardFileOptions } from './scorecard-rules.js';
import type { FittedBands } from './model-bands.js';

export interface FitScorecardOptions {
  /** The hand-written rule set the scorecard is fitted alongside, and the watchlists it reads. */
  rules: LoadedRuleSet;
  watchlists?: WatchlistFacts;
  out: string;
  name: string;
  seed: number;
  /** Most training rows the fit reads (a seeded sample beyond). */
  maxRows?: number;
  /** Red share the combined set's thresholds aim at (default 5 %; the next 10 % yellow). */
  targetRate?: number;
}

export interface FittedScorecard {
  card: Scorecard;
  file: string;
  ruleset: LoadedRuleSet;
  /** Training rows the fit read. */
  fitted: number;
  /** How the file words the card (kept to write it again with the model's bands). */
  words: ScorecardFileOptions;
  /** The risk model's bands, when fitted beside the card. */
  bands?: FittedBands;
}

// Enough rows for stable bin rates at 1 % granularity; keeps a 1M-row run within its time budget.
const DEFAULT_MAX_ROWS = 100_000;

/**
 * `--calibrate`: fits the scorecard on the labelled training rows, each seen
 * through a profile without its own outcome, and writes it as a rule-set file
 * that is then loaded (and validated) like any other.
 */
export function fitScorecard(
  train: readonly LabelledRow[],
  profiles: TrainingFeatures,
  opts: FitScorecardOptions,
): FittedScorecard {
  const labelled = train.map((r, i) => ({ r, i })).filter((x) => x.r.illicit !== undefined);
  const picked = fitSample(
    labelled.map((x) => x.r.consignment.id),
    opts.seed,
    opts.maxRows ?? DEFAULT_MAX_ROWS,
  ).map((k) => labelled[k]);
  const rows = picked.map(({ r, i }) => ({
    id: r.consignment.id,
    date: r.consignment.date,
    illicit: r.illicit === 1,
    context: { consignment: r.consignment, profile: profiles.factsFor(i) },
  }));
  const facts = candidateFacts(BUILT_IN_FACTS);
  const table = {
    ...trainingTable(rows, facts),
    rulePoints: pointsOnRows(opts.rules, rows, { watchlists: opts.watchlists }),
  };
  const card = calibrate(table, {
    thresholds: opts.rules.thresholds,
    capacity: { ...DEFAULT_CAPACITY, ...(opts.targetRate !== undefined ? { targetRate: opts.targetRate } : {}) },
  });
  const first = rows.reduce<string | undefined>((m, r) => (r.date && (!m || r.date < m) ? r.date : m), undefined);
  const last = rows.reduce<string | undefined>((m, r) => (r.date && (!m || r.date > m) ? r.date : m), undefined);
  const byName = new Map(facts.map((f) => [f.name, f]));
  const words: ScorecardFileOptions = {
    name: opts.name,
    trainedOn: `declarations ${first ?? '?'} to ${last ?? '?'}${rows.length < labelled.length ? ` (a sample of ${rows.length}, seed ${opts.seed})` : ''}`,
    describe: (f) => byName.get(f)?.description,
    typeOf: (f) => byName.get(f)?.type,
  };
  return written({ card, file: opts.out, fitted: rows.length, words });
}

/**
 * The scorecard with the risk model's bands added: its thresholds and base
 * are now those fitted for rules + scorecard + model, and the file is written
 * again.
 */
export function withModelBands(
  fitted: FittedScorecard,
  bands: FittedBands,
  model: { id: string; file?: string },
): FittedScorecard {
  const t = bands.thresholds;
  const card: Scorecard = {
    ...fitted.card,
    thresholds: { red: t.red, yellow: t.yellow },
    base: Math.round((fitted.card.base + t.base) * 10) / 10,
    capacity: { ...fitted.card.capacity, shares: t.shares, fittedOn: 'validation' },
  };
  return written({ ...fitted, card, words: { ...fitted.words, model: { bands, ...model } }, bands });
}

function written(f: Omit<FittedScorecard, 'ruleset'>): FittedScorecard {
  const rules = scorecardRuleSet(f.card, f.words);
  mkdirSync(dirname(f.file), { recursive: true });
  writeFileSync(f.file, `${JSON.stringify(rules, null, 2)}\n`);
  return { ...f, ruleset: loadRuleSet(f.file) };
}
