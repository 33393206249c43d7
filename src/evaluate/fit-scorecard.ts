import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createDecider } from '../decision/decide.js';
import { BUILT_IN_FACTS } from '../features/catalog.js';
import type { ProfileFacts, WatchlistFacts } from '../features/fact.js';
import type { LabelledRow } from '../features/history.js';
import type { TrainingFeatures } from '../features/training.js';
import { loadRuleSet } from '../ruleset/load.js';
import type { LoadedRuleSet } from '../ruleset/types.js';
import { calibrate, type Scorecard } from './calibrate.js';
import { DEFAULT_CAPACITY } from './fit-thresholds.js';
import { candidateFacts, fitSample, trainingTable, type TrainingRow } from './fact-table.js';
import { scorecardRuleSet } from './scorecard-rules.js';

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
  const table = { ...trainingTable(rows, facts), rulePoints: rulePoints(opts.rules, opts.watchlists, rows) };
  const card = calibrate(table, {
    thresholds: opts.rules.thresholds,
    capacity: { ...DEFAULT_CAPACITY, ...(opts.targetRate !== undefined ? { targetRate: opts.targetRate } : {}) },
  });
  const first = rows.reduce<string | undefined>((m, r) => (r.date && (!m || r.date < m) ? r.date : m), undefined);
  const last = rows.reduce<string | undefined>((m, r) => (r.date && (!m || r.date > m) ? r.date : m), undefined);
  const byName = new Map(facts.map((f) => [f.name, f.description]));
  const file = scorecardRuleSet(card, {
    name: opts.name,
    trainedOn: `declarations ${first ?? '?'} to ${last ?? '?'}${rows.length < labelled.length ? ` (a sample of ${rows.length}, seed ${opts.seed})` : ''}`,
    describe: (f) => byName.get(f),
  });
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, `${JSON.stringify(file, null, 2)}\n`);
  return { card, file: opts.out, ruleset: loadRuleSet(opts.out), fitted: rows.length };
}

/** The hand-written rules' points on each training row, through that row's own (leakage-free) profile. */
function rulePoints(
  rules: LoadedRuleSet,
  watchlists: WatchlistFacts | undefined,
  rows: readonly TrainingRow[],
): Float64Array {
  let current: ProfileFacts | undefined;
  // One compiled decider for all rows; the profile it reads is switched per row.
  const profile: ProfileFacts = { id: 'training', fact: (name, c) => current?.fact(name, c) };
  const decider = createDecider({ ruleset: rules, profile, watchlists });
  return Float64Array.from(rows, (r) => {
    current = r.context.profile;
    return decider.decide(r.context.consignment).hits.reduce((s, h) => s + h.points, 0);
  });
}
