/**
 * customs-targeting as a library: `createEngine` is the front door the CLI and
 * the worker use too; the rest is what its options and results are made of.
 *
 *   const engine = await createEngine({ rules: 'rules/', profile: 'profile.json' });
 *   const decision = engine.decide({ id: 'C1', hsCode: '610910', origin: 'CN', value: 1200, weight: 800 });
 */
export { createEngine, type Engine, type EngineOptions } from './engine.js';

export type { Consignment } from './declaration/record.js';
export { toConsignment } from './declaration/validate.js';
export type { RecordPlace } from './declaration/field-checks.js';
export { readConsignments, type ReadItem } from './declaration/read.js';
export { loadMapping, BUILT_IN_MAPPING, type Mapping } from './declaration/mapping.js';

export type { Channel, Decider, Decision, Hit } from './decision/decision.js';
export type { AsyncDecider } from './decision/decide.js';
export type { Explanation, RuleTrace } from './explain/explain.js';

export { loadRuleSet, checkRuleSet, RuleSetValidationError } from './ruleset/load.js';
export type { LoadedRuleSet, Thresholds } from './ruleset/types.js';
export { loadProfileLookup } from './features/lookup.js';
export type { FactContext, ProfileFacts, WatchlistFacts } from './features/fact.js';
export { loadWatchlists } from './watchlist/load.js';
export type { LoadedWatchlists } from './watchlist/entry.js';

export {
  TargetingError,
  RecordError,
  RuleSetError,
  ConfigError,
  MappingError,
  ProfileError,
  type ErrorLocation,
} from './errors.js';
