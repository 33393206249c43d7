import type { Command } from 'commander';
import { ConfigError } from '../errors.js';
import { createDecider, createReferenceDecider, type AsyncDecider } from '../decision/decide.js';
import type { Decider } from '../decision/decision.js';
import { loadRuleSet } from '../ruleset/load.js';
import { watchlistTokenFromEnv } from '../share/pseudonymise.js';
import type { LoadedRuleSet } from '../ruleset/types.js';
import type { LoadedWatchlists } from '../watchlist/entry.js';
import { indexWatchlists } from '../watchlist/index-lookup.js';
import { defaultWatchlistDir, loadWatchlists } from '../watchlist/load.js';

export interface ScoringOptions {
  rules: string;
  engine: 'compiled' | 'reference';
  includeDrafts?: boolean;
  /** Watchlist directory or file; `<rules>/watchlists` when it exists. */
  watchlists?: string;
}

/** Options every scoring command shares: where the rules are and which engine runs them. */
export function addScoringOptions(cmd: Command): Command {
  return cmd
    .option('--rules <dir>', 'rule-set directory or file', process.env.RULES_DIR ?? 'rules')
    .option('--engine <engine>', 'compiled (fast, default) or reference (json-rules-engine)', 'compiled')
    .option('--include-drafts', 'also run rules whose status is draft')
    .option('--watchlists <dir>', 'watchlist directory or file (default: <rules>/watchlists when it exists)', process.env.WATCHLISTS_DIR);
}

export interface ScoringSetup {
  ruleset: LoadedRuleSet;
  decider: Decider | AsyncDecider;
  watchlists?: LoadedWatchlists;
}

export function loadScoringSetup(opts: ScoringOptions): ScoringSetup {
  if (opts.engine !== 'compiled' && opts.engine !== 'reference') {
    throw new ConfigError('BAD_ENGINE', `unknown engine "${opts.engine}"`, { field: '--engine' }, 'use compiled or reference');
  }
  const ruleset = loadRuleSet(opts.rules, { includeDrafts: opts.includeDrafts });
  const watchlists = loadWatchlistOption(opts);
  const token = watchlistTokenFromEnv();
  const deciderOpts = { ruleset, watchlists: watchlists && indexWatchlists(watchlists, token ? { token } : {}) };
  const decider = opts.engine === 'reference' ? createReferenceDecider(deciderOpts) : createDecider(deciderOpts);
  return { ruleset, decider, watchlists };
}

/** The watchlists `--watchlists` names, else those next to the rules; none when neither exists. */
export function loadWatchlistOption(opts: Pick<ScoringOptions, 'rules' | 'watchlists'>): LoadedWatchlists | undefined {
  const path = opts.watchlists ?? defaultWatchlistDir(opts.rules);
  return path ? loadWatchlists(path) : undefined;
}
