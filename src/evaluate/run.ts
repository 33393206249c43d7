import type { Mapping } from '../declaration/mapping.js';
import { capacityChannel, selectTopPerDay } from '../decision/capacity.js';
import { channelOfScore } from '../decision/channel.js';
import type { Channel } from '../decision/decision.js';
import { scoreOf } from '../decision/score.js';
import { createEngine } from '../engine.js';
import { createLogger } from '../log.js';
import type { WatchlistFacts } from '../features/fact.js';
import { trainingFeatures } from '../features/training.js';

import { readsModel } from '../ruleset/fact-refs.js';
import type { LoadedRuleSet, RuleDefinition, Thresholds } from '../ruleset/types.js';
import { importerBaseline, priceBaseline, type Outcome } from './baselines.js';
import { readSplitFile } from './read-split.js';
import type { EvaluationResult } from './result.js';
import { methodResult } from './result.js';
import { rulePerformance } from './rule-performance.js';
import { fitScorecard, withModelBands, type FittedScorecard } from './fit-scorecard.js';
import { DEFAULT_CAPACITY } from './fit-thresholds.js';
import { modelTopFeatures } from './model-features.js';
import { stackModel } from './model-stack.js';
import { MODEL_STATISTIC } from './scorecard-rules.js';
import { writeModel } from '../model/train/write-model.js';
import { loadTogether } from './load-together.js';
import { pointsOfRules, rankedRows, scoreTest, type TestScores } from './score-test.js';
import { modelPoints, variant, type ModelTrainer, type Variant } from './variants.js';

const log = createLogger('evaluate');

export interface EvaluateOptions {
  train: string;
  test: string;
  mapping: Mapping;
  maxErrors?: number;
  /** The hand-written rule set (`createEngine`'s, as `score` loads it). */
  rules: LoadedRuleSet;
  includeDrafts?: boolean;
  /** Watchlists the rules may consult (as in `targeting score`). */
  watchlists?: WatchlistFacts;
  /** With a model trainer, the model's bands join the scorecard file and the model is written to `modelOut`. */
  calibrate?: { out: string; name: string; seed: number; targetRate?: number; modelOut?: string };
  /** Trains the model variant on train (see variants.ts); without it, no model is measured. */
  model?: ModelTrainer;
  /** Share of each day's declarations sent red (capacity selection). */
  capacity?: number;
  /** Told as each phase ends (read, profile, calibrate, score, measure): progress for a long evaluation. */
  onPhase?: (phase: string, seconds: number) => void;
}

export interface ChannelCounts {
  red: number;
  yellow: number;
  green: number;
  /** Illicit share among red. */
  redPrecision: number;
}

export interface Evaluation {
  result: EvaluationResult;
  trainRows: number;
  unlabelledTest: number;
  rejected: { train: number; test: number };
  scorecard?: FittedScorecard;
  channels: ChannelCounts;
  /** The labelled test declarations and what the evaluated rule set did to each (for benchmarks and drill-down). */
  scored: { test: readonly Outcome[]; scores: TestScores };
}

/**
 * `targeting evaluate`: profile from train, score test with the rule set (and
 * the fitted scorecard), measure the rankings and the two baselines.
 */
export async function evaluate(opts: EvaluateOptions): Promise<Evaluation> {
  const phase = phases(opts.onPhase);
  const train = await readSplitFile(opts.train, opts.mapping, opts.maxErrors);
  const test = await readSplitFile(opts.test, opts.mapping, opts.maxErrors);
  phase('read', { train: train.rows.length, test: test.rows.length });
  const hand = opts.rules;
  // Test declarations see the profile of all of train; train rows (for the fit) see it without their own fold.
  const profiles = trainingFeatures(train.rows, { mapping: opts.mapping });
  phase('profile');
  const hasRevenue = test.hasRevenue;
  let scorecard: FittedScorecard | undefined;
  // With a scorecard, both files are loaded together, as the worker would run them: one pass, shared facts.
  const together = (card: FittedScorecard) =>
    loadTogether([...hand.files, card.file], { includeDrafts: opts.includeDrafts });
  if (opts.calibrate) {
    scorecard = fitScorecard(train.rows, profiles, { ...opts.calibrate, rules: hand, watchlists: opts.watchlists });
    phase('calibrate', { fitted: scorecard.fitted, rules: scorecard.ruleset.rules.length });
  }
  const trained = opts.model?.train(train.rows, profiles);
  if (trained) phase('model');
  if (trained && scorecard && opts.calibrate) {
    const { modelOut, seed, targetRate } = opts.calibrate;
    if (modelOut) writeModel(modelOut, trained.file);
    const bands = stackModel(train.rows, profiles, {
      rules: together(scorecard),
      ...(opts.watchlists ? { watchlists: opts.watchlists } : {}),
      holdout: trained.holdout,
      from: trained.validationFrom,
      seed,
      capacity: { ...DEFAULT_CAPACITY, ...(targetRate !== undefined ? { targetRate } : {}) },
    });
    scorecard = withModelBands(scorecard, bands, { id: trained.file.id, ...(modelOut ? { file: modelOut } : {}) });
    phase('stack', { bands: bands.bands.length, pointsPerRiskPoint: bands.pointsPerRiskPoint });
  }
  const evaluated = scorecard ? together(scorecard) : hand;
  const engine = await createEngine({
    rules: evaluated,
    profile: profiles.profile,
    watchlists: opts.watchlists ?? false,
    ...(trained && scorecard?.bands ? { model: trained.model } : {}),
  });
  const scores = scoreTest(engine.decider, evaluated.thresholds, test.labelled);
  phase('score', { rules: evaluated.rules.length });
  const rulesLabel = `rules (${hand.name})`;
  const primary = methodResult(
    scorecard?.bands ? 'rules + scorecard + model' : scorecard ? 'rules + scorecard' : rulesLabel,
    rankedRows(test.labelled, scores.points),
    hasRevenue,
  );
  // A scorecard shows as one hit, named by its statistic: its points are those hits'.
  const ofFile = (rules: LoadedRuleSet, except?: (r: RuleDefinition) => boolean) =>
    new Set(rules.rules.filter((r) => !except?.(r)).map((r) => r.statistic ?? r.name));
  const variants: Variant[] = [
    // Rules alone: the analysts' rules that read the model count with the model (and in the combined set).
    variant('rules', rulesLabel, test.labelled, pointsOfRules(scores, ofFile(hand, readsModel)), hasRevenue),
  ];
  if (scorecard) {
    // The scorecard's own bins: its file also holds the model's bands, measured as the model variant.
    const bins = ofFile(scorecard.ruleset);
    bins.delete(MODEL_STATISTIC);
    variants.push(variant('scorecard', 'scorecard', test.labelled, pointsOfRules(scores, bins), hasRevenue));
  }
  const testContext = { profile: profiles.profile, watchlists: opts.watchlists };
  if (trained && opts.model) {
    const points = modelPoints(trained.model, test.labelled, testContext);
    variants.push(variant('model', opts.model.label, test.labelled, points, hasRevenue));
  }
  const counted = channels(test.labelled, scores, evaluated.thresholds, opts.capacity);
  const n = test.labelled.length;
  const illicit = test.labelled.reduce((s, o) => s + (o.illicit ? 1 : 0), 0);
  const result: EvaluationResult = {
    rows: n,
    illicitRate: n ? illicit / n : 0,
    hasRevenue,
    primary,
    variants,
    channels: { red: counted.red, yellow: counted.yellow, green: counted.green },
    baselines: {
      price: methodResult('price baseline', priceBaseline(test.labelled), hasRevenue),
      importer: methodResult('importer baseline', importerBaseline(train.labelled, test.labelled), hasRevenue),
    },
    rules: rulePerformance(
      test.labelled.map((o, i) => ({ illicit: o.illicit, rules: scores.rules[i] })),
      [...ofFile(evaluated)],
    ),
    ruleset: evaluated.id,
    ...(scorecard ? { scorecardFile: scorecard.file } : {}),
    ...(trained ? { modelFeatures: modelTopFeatures(trained.explained, test.labelled, testContext) } : {}),
  };
  phase('measure');
  return {
    result,
    trainRows: train.rows.length,
    unlabelledTest: test.rows.length - n,
    rejected: { train: train.rejected, test: test.rejected },
    ...(scorecard ? { scorecard } : {}),
    channels: counted,
    scored: { test: test.labelled, scores },
  };
}

/** Logs each phase's duration (debug level): where a long evaluation spends its time. */
function phases(onPhase?: EvaluateOptions['onPhase']): (name: string, extra?: Record<string, unknown>) => void {
  let last = performance.now();
  return (name, extra = {}) => {
    const now = performance.now();
    const seconds = Math.round(now - last) / 1000;
    log.debug({ phase: name, seconds, ...extra }, 'evaluate phase');
    onPhase?.(name, seconds);
    last = now;
  };
}

/**
 * Channels the evaluated rule set gives the test declarations: by threshold,
 * or with a capacity, the top share of each day. Red for another reason (a
 * random inspection, a rule forcing red) stays red either way.
 */
function channels(
  test: readonly Outcome[],
  scores: TestScores,
  thresholds: Thresholds,
  capacity?: number,
): ChannelCounts {
  const selected =
    capacity === undefined
      ? undefined
      : selectTopPerDay(
          test.map((o, i) => ({
            id: o.consignment.id,
            score: scores.points[i],
            ...(o.consignment.date ? { date: o.consignment.date } : {}),
          })),
          capacity,
        );
  const counts = { red: 0, yellow: 0, green: 0 };
  let redIllicit = 0;
  test.forEach((o, i) => {
    const other = scores.otherRed[i] === 1;
    let channel: Channel = other
      ? 'red'
      : channelOfScore(scoreOf([{ rule: '', points: scores.points[i], reason: '' }]), thresholds);
    if (selected) channel = capacityChannel(channel, selected.has(o.consignment.id), other);
    counts[channel]++;
    if (channel === 'red' && o.illicit) redIllicit++;
  });
  return { ...counts, redPrecision: counts.red ? redIllicit / counts.red : 0 };
}
