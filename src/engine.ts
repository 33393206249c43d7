import { mappingFromOptions, type Mapping } from './declaration/mapping.js';
import type { RecordPlace } from './declaration/field-checks.js';
import { toConsignment } from './declaration/validate.js';
import { createDecider, createReferenceDecider, type AsyncDecider, type DeciderOptions } from './decision/decide.js';
import {
  asyncDeclarationDecider,
  createDeclarationDecider,
  declarationDecider,
  splitRuleSet,
  type AsyncDeclarationDecider,
  type DeclarationDecider,
} from './decision/declaration-decision.js';
import type { Decider, Decision } from './decision/decision.js';
import { ConfigError } from './errors.js';
import { isObject } from './is-object.js';
import { explain, type Explanation } from './explain/explain.js';
import { buildCatalog } from './features/catalog.js';
import type { ModelFacts, ProfileFacts, WatchlistFacts } from './features/fact.js';
import { loadServingModel } from './model/facts.js';
import { loadProfileLookup } from './features/lookup.js';
import { mappingFacts } from './features/profile-facts.js';
import { loadRuleSet } from './ruleset/load.js';
import type { LoadedRuleSet, Thresholds } from './ruleset/types.js';
import { createPseudonymiser } from './share/pseudonymise.js';
import type { LoadedWatchlists } from './watchlist/entry.js';
import { indexWatchlists } from './watchlist/index-lookup.js';
import { defaultWatchlistDir, loadWatchlists } from './watchlist/load.js';

/**
 * What an engine is made of. Each part is a path (loaded and validated here)
 * or an object already loaded; the engine is the one place they are put
 * together, so the CLI, the worker and library users decide alike.
 */
export interface EngineOptions {
  /** Rule-set directory or file, or a loaded rule set (`loadRuleSet`). */
  rules: string | LoadedRuleSet;
  /** Profile file (`targeting profile build`) or loaded profile facts; without one, profile facts are missing. */
  profile?: string | ProfileFacts;
  /**
   * Watchlist directory or file, loaded watchlists (`loadWatchlists`) or indexed ones. Default: the
   * `watchlists/` folder beside a rules directory, when there is one; `false` for none.
   */
  watchlists?: string | LoadedWatchlists | WatchlistFacts | false;
  /** Mapping file or object: its extra columns are facts the rules may name. Default: the profile's mapping. */
  mapping?: string | Mapping;
  /** Key shared with partners (≥ 32 bytes): their tokenised watchlist entries then match our traders. */
  watchlistKey?: string | Buffer;
  /** Draft rules run too (to trial them); retired rules never do. */
  includeDrafts?: boolean;
  /** Risk model file (`targeting model train` / `model import`) or loaded model facts: `model.*` facts. */
  model?: string | ModelFacts;
}

export interface Engine {
  readonly ruleset: LoadedRuleSet;
  readonly mapping: Mapping;
  readonly profile?: ProfileFacts;
  readonly watchlists?: WatchlistFacts;
  readonly model?: ModelFacts;
  readonly rulesetId: string;
  readonly profileId?: string;
  readonly watchlistsId?: string;
  readonly modelId?: string;
  readonly thresholds: Thresholds;
  /** The hot path on records already validated (the worker's, `score`'s): compiled, synchronous, no I/O. */
  readonly decider: Decider;
  /** Validates a raw record (throws `RecordError` naming the field) and decides it. */
  decide(record: unknown, decidedAt?: Date, place?: RecordPlace): Decision;
  /** Every rule, fired or not, every condition with its value (`targeting explain`). */
  explain(record: unknown, decidedAt?: Date): Promise<Explanation>;
  /** The same parts run by json-rules-engine itself: the reference semantics, slow. */
  reference(): AsyncDecider;
  /** Whole declarations: every goods item, then the header-level rules; one decision per declaration. */
  readonly declarations: DeclarationDecider;
  /** The same for declarations, with json-rules-engine. */
  referenceDeclarations(): AsyncDeclarationDecider;
}

/** `await createEngine({ rules: 'rules/' })` — then `engine.decide(record)`. */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  return assemble(options);
}

function assemble(options: EngineOptions): Engine {
  if (!isObject(options)) throw badOption('options', 'an object such as { rules: "rules/" }');
  const profile = profileOf(options.profile);
  const mapping = mappingOf(options.mapping, profile);
  const ruleset = rulesOf(options, mapping);
  const watchlists = watchlistsOf(options);
  const model = modelOf(options.model, mapping);
  const parts: DeciderOptions = {
    ruleset,
    ...(profile ? { profile } : {}),
    ...(watchlists ? { watchlists } : {}),
    ...(model ? { model } : {}),
  };
  const decider = createDecider(parts);
  // Header-level rules (declaration.maxItemScore) run after the items; without any, the one decider serves both.
  const { item, header } = splitRuleSet(ruleset);
  const declarations = header.rules.length === 0 ? declarationDecider(decider) : createDeclarationDecider(parts);
  let reference: AsyncDecider | undefined;
  return {
    ruleset,
    mapping,
    ...(profile ? { profile } : {}),
    ...(watchlists ? { watchlists } : {}),
    ...(model ? { model } : {}),
    rulesetId: decider.rulesetId,
    ...(decider.profileId ? { profileId: decider.profileId } : {}),
    ...(decider.watchlistsId ? { watchlistsId: decider.watchlistsId } : {}),
    ...(decider.modelId ? { modelId: decider.modelId } : {}),
    thresholds: decider.thresholds,
    decider,
    decide: (record, decidedAt, place) => decider.decide(toConsignment(record, place), decidedAt),
    explain: (record, decidedAt) => explain({ ...parts, consignment: toConsignment(record), decidedAt }),
    reference: () => (reference ??= createReferenceDecider(parts)),
    declarations,
    referenceDeclarations: () =>
      asyncDeclarationDecider(
        createReferenceDecider({ ...parts, ruleset: item }),
        header.rules.length ? createReferenceDecider({ ...parts, ruleset: header }) : undefined,
      ),
  };
}

function profileOf(profile: EngineOptions['profile']): ProfileFacts | undefined {
  if (profile === undefined) return undefined;
  if (typeof profile === 'string') return loadProfileLookup(profile);
  if (isObject(profile) && typeof profile.fact === 'function' && typeof profile.id === 'string') return profile;
  throw badOption('profile', 'a profile file path or the result of loadProfileLookup()');
}

/** A profile built through a mapping knows that mapping's extra columns as facts. */
function mappingOf(mapping: EngineOptions['mapping'], profile: ProfileFacts | undefined): Mapping {
  if (typeof mapping === 'string') return mappingFromOptions({ mapping });
  if (mapping !== undefined) {
    if (isObject(mapping) && isObject(mapping.columns)) return mapping;
    throw badOption('mapping', 'a mapping file path or a mapping object ({ columns, categorical, numeric })');
  }
  const built = (profile as { profile?: { source?: { mapping?: Mapping } } } | undefined)?.profile?.source?.mapping;
  return built ?? mappingFromOptions({});
}

/** A model file is checked against the mapping in use: its features must be facts the rules can read. */
function modelOf(model: EngineOptions['model'], mapping: Mapping): ModelFacts | undefined {
  if (model === undefined) return undefined;
  if (typeof model === 'string')
    return loadServingModel(model, { mapping, catalog: buildCatalog(mappingFacts(mapping)) });
  if (isObject(model) && typeof model.fact === 'function' && typeof model.id === 'string') return model;
  throw badOption('model', 'a model file path or loaded model facts');
}

function rulesOf(options: EngineOptions, mapping: Mapping): LoadedRuleSet {
  const { rules } = options;
  if (typeof rules === 'string') {
    return loadRuleSet(rules, { includeDrafts: options.includeDrafts, extraFacts: mappingFacts(mapping) });
  }
  if (isObject(rules) && Array.isArray(rules.rules) && typeof rules.id === 'string') return rules;
  throw badOption('rules', 'a rule-set directory or file, or the result of loadRuleSet()');
}

function watchlistsOf(options: EngineOptions): WatchlistFacts | undefined {
  const given = options.watchlists;
  if (given === false) return undefined;
  const path = given ?? (typeof options.rules === 'string' ? defaultWatchlistDir(options.rules) : undefined);
  if (path === undefined) return undefined;
  const loaded = typeof path === 'string' ? loadWatchlists(path) : path;
  if (isObject(loaded) && typeof (loaded as WatchlistFacts).fact === 'function') return loaded as WatchlistFacts;
  if (!isObject(loaded) || !Array.isArray((loaded as LoadedWatchlists).entries)) {
    throw badOption('watchlists', 'a watchlist directory or file, or the result of loadWatchlists()');
  }
  const key = options.watchlistKey;
  const token = key === undefined ? undefined : createPseudonymiser(Buffer.from(key)).token;
  return indexWatchlists(loaded as LoadedWatchlists, token ? { token } : {});
}

function badOption(field: string, expected: string): ConfigError {
  return new ConfigError('BAD_OPTION', `createEngine: "${field}" is not valid`, { field }, `pass ${expected}`);
}
