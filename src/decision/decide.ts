import type { Consignment } from '../declaration/record.js';
import { buildCatalog } from '../features/catalog.js';
import type { FactContext, ModelFacts, ProfileFacts, WatchlistFacts } from '../features/fact.js';
import { compileRuleSet } from '../ruleset/compile.js';
import { readsModel } from '../ruleset/fact-refs.js';
import { placeholders, REASON_TEXT } from '../ruleset/reason-template.js';
import type { Firing } from '../ruleset/firing.js';
import { decisionDay } from '../ruleset/lifecycle.js';
import { referenceRuleSet } from '../ruleset/reference.js';
import type { LoadedRuleSet, Thresholds } from '../ruleset/types.js';
import { channelOf } from './channel.js';
import type { Decider, Decision } from './decision.js';
import { isRandomlySelected, randomSelectionHit } from './random-selection.js';
import { readableHits } from './hits.js';
import { scoreOf } from './score.js';

export interface DeciderOptions {
  ruleset: LoadedRuleSet;
  profile?: ProfileFacts;
  watchlists?: WatchlistFacts;
  /** A loaded risk model (model/facts.ts): `model.*` facts, and contributions on the hits of rules reading them. */
  model?: ModelFacts;
}

/** Like Decider, for the promise-based reference engine. */
export interface AsyncDecider {
  readonly rulesetId: string;
  readonly profileId?: string;
  readonly watchlistsId?: string;
  readonly modelId?: string;
  readonly thresholds: Thresholds;
  decide(c: Consignment, decidedAt?: Date): Promise<Decision>;
}

/** The hot path: a compiled rule set, synchronous, no I/O. */
export function createDecider(opts: DeciderOptions): Decider {
  const compiled = compileRuleSet(opts.ruleset.rules, buildCatalog(opts.ruleset.declaredFacts), {
    profile: opts.profile,
    watchlists: opts.watchlists,
    model: opts.model,
  });
  const make = decisionMaker(opts);
  return decider(opts, (c, at) => {
    const ctx = context(c, opts);
    return make(ctx, compiled.evaluate(ctx, decisionDay(c.date, at)), at);
  });
}

/** json-rules-engine itself (`--engine reference`): the semantics the compiled engine is proven against. */
export function createReferenceDecider(opts: DeciderOptions): AsyncDecider {
  const reference = referenceRuleSet(opts.ruleset.rules, buildCatalog(opts.ruleset.declaredFacts));
  const make = decisionMaker(opts);
  return decider(opts, async (c, at) => {
    const ctx = context(c, opts);
    return make(ctx, await reference.evaluate(ctx, decisionDay(c.date, at)), at);
  });
}

function decider<R>(opts: DeciderOptions, decide: (c: Consignment, at: Date) => R) {
  return {
    rulesetId: opts.ruleset.id,
    profileId: opts.profile?.id,
    watchlistsId: opts.watchlists?.id,
    modelId: opts.model?.id,
    thresholds: opts.ruleset.thresholds,
    decide: (c: Consignment, at: Date = new Date()) => decide(c, at),
  };
}

function driversInWords(drivers: unknown): string {
  return typeof drivers === 'object' && drivers !== null && REASON_TEXT in drivers
    ? String((drivers as Record<symbol, unknown>)[REASON_TEXT])
    : 'no drivers';
}

function context(c: Consignment, opts: DeciderOptions): FactContext {
  return { consignment: c, profile: opts.profile, watchlists: opts.watchlists, model: opts.model };
}

function decisionMaker(opts: DeciderOptions) {
  const { id: ruleset, thresholds, randomInspection } = opts.ruleset;
  const profile = opts.profile?.id;
  const watchlists = opts.watchlists?.id;
  const model = opts.model;
  // A model rule (its conditions read a model fact) carries the model's top contributions on its hit; so does a
  // statistic made of model rules (a calibrated set's model bands), whose hit bears the statistic's name.
  const modelRules = new Set<string>();
  // A statistic's terms do not word the drivers (a calibrated set's bands): its hit gets them in words too.
  const modelStatistics = new Set<string>();
  // A rule whose reason words the drivers has paid for TreeSHAP when it fired: its hit carries them on any channel.
  const driversRead = new Set<string>();
  for (const r of opts.ruleset.rules.filter(readsModel)) {
    modelRules.add(r.statistic ?? r.name);
    if (r.statistic !== undefined) modelStatistics.add(r.statistic);
    if (placeholders(r.reason).some((p) => p.startsWith('model.drivers'))) driversRead.add(r.name);
  }
  // A batch shares one decision time: format it once, not per consignment.
  let lastDate: Date | undefined;
  let lastIso = '';
  // The goods items of a declaration share its id, so its random draw: made once per declaration, not per item.
  let lastId: string | undefined;
  let lastRandom = false;
  return (ctx: FactContext, fired: Firing[], decidedAt: Date): Decision => {
    const c = ctx.consignment;
    if (decidedAt !== lastDate) {
      lastDate = decidedAt;
      lastIso = decidedAt.toISOString();
    }
    const hits = readableHits(fired);
    const score = scoreOf(hits);
    let channel = channelOf(score, fired, thresholds);
    if (c.id !== lastId) {
      lastId = c.id;
      lastRandom =
        randomInspection !== undefined && isRandomlySelected(c.id, randomInspection.seed, randomInspection.rate);
    }
    const random = lastRandom;
    if (random && randomInspection) {
      channel = 'red';
      hits.push(randomSelectionHit(randomInspection.rate));
    }
    // A model rule's hit names the features that drove the model: TreeSHAP, for the declarations an officer will
    // look at (yellow, red), never on the green majority unless the rule's reason already worded them.
    if (model && modelRules.size > 0)
      for (const h of hits) {
        if (!modelRules.has(h.rule) || (channel === 'green' && !driversRead.has(h.rule))) continue;
        h.contributions = model.contributions(ctx);
        if (modelStatistics.has(h.rule)) h.reason += `: ${driversInWords(model.fact('model.drivers', ctx))}`;
      }
    const decision: Decision = { id: c.id, score, channel, hits, ruleset, decidedAt: lastIso };
    // Optional fields are set, not spread: this runs once per consignment.
    if (profile) decision.profile = profile;
    if (watchlists) decision.watchlists = watchlists;
    if (model) decision.model = model.id;
    if (random) decision.selection = 'random';
    return decision;
  };
}
