import { createDecider } from '../decision/decide.js';
import type { Decider } from '../decision/decision.js';
import type { RuleSetError } from '../errors.js';
import { LiveProfile } from '../features/overlay.js';
import { loadProfile } from '../features/profile.js';
import { archiveRuleSet } from '../ruleset/archive.js';
import { checkRuleSet } from '../ruleset/load.js';
import { indexWatchlists } from '../watchlist/index-lookup.js';
import { checkWatchlists, defaultWatchlistDir } from '../watchlist/load.js';

export interface DeciderSource {
  rulesDir: string;
  /** Profile file (PROFILE); loaded once at start, rule edits reuse it, feedback refreshes its counts. */
  profile?: string;
  /** Watchlist directory or file (WATCHLISTS_DIR); `<rules>/watchlists` when it exists. */
  watchlistsDir?: string;
}

export type DeciderBuild = { decider: Decider; errors?: undefined } | { decider?: undefined; errors: RuleSetError[] };

export interface DeciderBuilder {
  (): DeciderBuild;
  /** The profile every build shares, live: the feedback overlay updates it in place. */
  readonly profile?: LiveProfile;
}

/**
 * Loads and compiles the rule set with the profile and the watchlists;
 * validation problems (of rules or watchlists) come back as values for the
 * caller to log, so an invalid edit keeps the previous decider serving. A
 * profile that does not load throws (ProfileError): a worker must not score
 * without the facts its rules expect. Every rule set built is archived, so
 * `targeting explain --decision` can re-run any decision.
 */
export function deciderBuilder(source: DeciderSource): DeciderBuilder {
  const profile = source.profile ? new LiveProfile(loadProfile(source.profile)) : undefined;
  const build = () => {
    const { errors, ruleset } = checkRuleSet(source.rulesDir);
    if (!ruleset) return { errors };
    const dir = source.watchlistsDir ?? defaultWatchlistDir(source.rulesDir);
    const w = dir ? checkWatchlists(dir) : undefined;
    if (w && !w.watchlists) return { errors: w.errors };
    archiveRuleSet(ruleset);
    return { decider: createDecider({ ruleset, profile, watchlists: w?.watchlists && indexWatchlists(w.watchlists) }) };
  };
  return Object.assign(build, { profile });
}
