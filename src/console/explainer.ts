import type { Consignment } from '../declaration/record.js';
import type { Decision } from '../decision/decision.js';
import { explain, type Explanation } from '../explain/explain.js';
import { loadProfileLookup } from '../features/lookup.js';
import type { ProfileFacts, WatchlistFacts } from '../features/fact.js';
import { ruleSetForDecision } from '../ruleset/archive.js';
import type { LoadedRuleSet } from '../ruleset/types.js';
import { indexWatchlists } from '../watchlist/index-lookup.js';
import { defaultWatchlistDir, loadWatchlists } from '../watchlist/load.js';

export interface ExplainerOptions {
  /** The rules directory the workers run (its current rule set is tried first). */
  rulesDir?: string;
  /** The rule-set archive (default RULES_ARCHIVE or <rules>/.archive). */
  archive?: string;
  /** The profile file the workers use: profile facts are then explained with their values. */
  profile?: string;
  watchlistsDir?: string;
}

export type Explainer = (d: Decision, c: Consignment) => Promise<{ explanation: Explanation } | { problem: string }>;

/**
 * `targeting explain --decision` for the declaration page: the decision re-run
 * with the archived rule set that made it (loaded once per id), on the
 * profile and watchlists the console was started with.
 */
export function createExplainer(o: ExplainerOptions): Explainer {
  const rulesets = new Map<string, LoadedRuleSet>();
  let profile: ProfileFacts | undefined;
  let watchlists: WatchlistFacts | undefined;
  let loaded = false;
  return async (decision, consignment) => {
    try {
      if (!loaded) {
        loaded = true;
        if (o.profile) profile = loadProfileLookup(o.profile);
        const dir = o.watchlistsDir ?? (o.rulesDir ? defaultWatchlistDir(o.rulesDir) : undefined);
        if (dir) watchlists = indexWatchlists(loadWatchlists(dir));
      }
      let ruleset = rulesets.get(decision.ruleset);
      if (!ruleset) {
        ruleset = ruleSetForDecision(decision.ruleset, {
          ...(o.rulesDir ? { rules: o.rulesDir } : {}),
          ...(o.archive ? { archive: o.archive } : {}),
        });
        rulesets.set(decision.ruleset, ruleset);
      }
      const explanation = await explain({
        ruleset,
        consignment,
        ...(profile ? { profile } : {}),
        ...(watchlists ? { watchlists } : {}),
        decidedAt: new Date(decision.decidedAt),
      });
      return { explanation };
    } catch (e) {
      return { problem: (e as Error).message };
    }
  };
}
