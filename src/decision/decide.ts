import type { Consignment } from '../declaration/record.js';
import { buildCatalog } from '../features/catalog.js';
import type { FactContext, ProfileFacts, WatchlistFacts } from '../features/fact.js';
import { compileRuleSet } from '../ruleset/compile.js';
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
}

/** Like Decider, for the promise-based reference engine. */
export interface AsyncDecider {
  readonly rulesetId: string;
  readonly profileId?: string;
  readonly watchlistsId?: string;
  readonly thresholds: Thresholds;
  decide(c: Consignment, decidedAt?: Date): Promise<Decision>;
}

/** The hot path: a compiled rule set, synchronous, no I/O. */
export function createDecider(opts: DeciderOptions): Decider {
  const compiled = compileRuleSet(opts.ruleset.rules, buildCatalog(opts.ruleset.declaredFacts), {
    profile: opts.profile,
    watchlists: opts.watchlists,
  });
  const make = decisionMaker(opts);
  return decider(opts, (c, at) => make(c, compiled.evaluate(context(c, opts), decisionDay(c.date, at)), at));
}

/** json-rules-engine itself (`--engine reference`): the semantics the compiled engine is proven against. */
export function createReferenceDecider(opts: DeciderOptions): AsyncDecider {
  const reference = referenceRuleSet(opts.ruleset.rules, buildCatalog(opts.ruleset.declaredFacts));
  const make = decisionMaker(opts);
  return decider(opts, async (c, at) =>
    make(c, await reference.evaluate(context(c, opts), decisionDay(c.date, at)), at),
  );
}

function decider<R>(opts: DeciderOptions, decide: (c: Consignment, at: Date) => R) {
  return {
    rulesetId: opts.ruleset.id,
    profileId: opts.profile?.id,
    watchlistsId: opts.watchlists?.id,
    thresholds: opts.ruleset.thresholds,
    decide: (c: Consignment, at: Date = new Date()) => decide(c, at),
  };
}

function context(c: Consignment, opts: DeciderOptions): FactContext {
  return { consignment: c, profile: opts.profile, watchlists: opts.watchlists };
}

function decisionMaker(opts: DeciderOptions) {
  const { id: ruleset, thresholds, randomInspection } = opts.ruleset;
  const profile = opts.profile?.id;
  const watchlists = opts.watchlists?.id;
  // A batch shares one decision time: format it once, not per consignment.
  let lastDate: Date | undefined;
  let lastIso = '';
  return (c: Consignment, fired: Firing[], decidedAt: Date): Decision => {
    if (decidedAt !== lastDate) {
      lastDate = decidedAt;
      lastIso = decidedAt.toISOString();
    }
    const hits = readableHits(fired);
    const score = scoreOf(hits);
    let channel = channelOf(score, fired, thresholds);
    const random =
      randomInspection !== undefined && isRandomlySelected(c.id, randomInspection.seed, randomInspection.rate);
    if (random) {
      channel = 'red';
      hits.push(randomSelectionHit(randomInspection.rate));
    }
    const decision: Decision = { id: c.id, score, channel, hits, ruleset, decidedAt: lastIso };
    // Optional fields are set, not spread: this runs once per consignment.
    if (profile) decision.profile = profile;
    if (watchlists) decision.watchlists = watchlists;
    if (random) decision.selection = 'random';
    return decision;
  };
}
