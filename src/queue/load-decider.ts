import type { Decider } from '../decision/decision.js';
import { createEngine } from '../engine.js';
import { ModelError, type RuleSetError } from '../errors.js';
import { LiveProfile } from '../features/overlay.js';
import { loadProfile } from '../features/profile.js';
import { archiveRuleSet } from '../ruleset/archive.js';
import { RuleSetValidationError } from '../ruleset/load.js';

export interface DeciderSource {
  rulesDir: string;
  /** Profile file (PROFILE); loaded once at start, rule edits reuse it, feedback refreshes its counts. */
  profile?: string;
  /** Watchlist directory or file (WATCHLISTS_DIR); `<rules>/watchlists` when it exists. */
  watchlistsDir?: string;
  /** Risk model file (MODEL); loaded with each build, so a replaced file is validated before it serves. */
  model?: string;
  /** Mapping file (MAPPING): its extra columns are facts; default the profile's mapping. */
  mapping?: string;
  /** Key shared with partners (the variable WATCHLIST_KEY_ENV names): tokenised entries match too. */
  watchlistKey?: Buffer;
  /** Where every rule set that serves is archived (RULES_ARCHIVE), for `explain --decision`. */
  archiveDir?: string;
}

export type DeciderBuild =
  { decider: Decider; errors?: undefined } | { decider?: undefined; errors: (RuleSetError | ModelError)[] };

export interface DeciderBuilder {
  (): Promise<DeciderBuild>;
  /** The profile every build shares, live: the feedback overlay updates it in place. */
  readonly profile?: LiveProfile;
}

/**
 * Builds the worker's engine (createEngine) from the rules, the profile and
 * the watchlists; validation problems (of rules or watchlists) come back as
 * values for the caller to log, so an invalid edit keeps the previous decider
 * serving. A profile that does not load throws (ProfileError): a worker must
 * not score without the facts its rules expect. Every rule set built is
 * archived, so `targeting explain --decision` can re-run any decision.
 */
export function deciderBuilder(source: DeciderSource): DeciderBuilder {
  const profile = source.profile ? new LiveProfile(loadProfile(source.profile)) : undefined;
  const build = async (): Promise<DeciderBuild> => {
    try {
      const engine = await createEngine({
        rules: source.rulesDir,
        ...(profile ? { profile } : {}),
        ...(source.watchlistsDir ? { watchlists: source.watchlistsDir } : {}),
        ...(source.mapping ? { mapping: source.mapping } : {}),
        ...(source.model ? { model: source.model } : {}),
        ...(source.watchlistKey ? { watchlistKey: source.watchlistKey } : {}),
      });
      archiveRuleSet(engine.ruleset, source.archiveDir);
      // The worker's decider carries the engine's declaration decider, so header-level rules run on queue jobs too.
      return { decider: { ...engine.decider, declarations: engine.declarations } };
    } catch (e) {
      if (e instanceof RuleSetValidationError) return { errors: e.errors };
      // A model that does not load (corrupt, another mapping) is refused like an invalid rule edit.
      if (e instanceof ModelError) return { errors: [e] };
      throw e;
    }
  };
  return Object.assign(build, { profile });
}
