import type { Command } from 'commander';
import { mappingFromOptions, type Mapping } from '../declaration/mapping.js';
import { ConfigError } from '../errors.js';
import { loadProfileLookup, type ProfileLookup } from '../features/lookup.js';
import { mappingFacts } from '../features/profile-facts.js';
import { createDecider, createReferenceDecider, type AsyncDecider } from '../decision/decide.js';
import type { Decider } from '../decision/decision.js';
import {
  asyncDeclarationDecider,
  declarationDecider,
  splitRuleSet,
  type AsyncDeclarationDecider,
  type DeclarationDecider,
} from '../decision/declaration-decision.js';
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
  /** Profile file (`PROFILE`); its facts are missing without one. */
  profile?: string;
  /** Mapping file: which source column plays which role. */
  mapping?: string;
}

/** Options every scoring command shares: where the rules are and which engine runs them. */
export function addScoringOptions(cmd: Command): Command {
  return cmd
    .option('--rules <dir>', 'rule-set directory or file', process.env.RULES_DIR ?? 'rules')
    .option('--engine <engine>', 'compiled (fast, default) or reference (json-rules-engine)', 'compiled')
    .option('--include-drafts', 'also run rules whose status is draft')
    .option(
      '--watchlists <dir>',
      'watchlist directory or file (default: <rules>/watchlists when it exists)',
      process.env.WATCHLISTS_DIR,
    )
    .option(
      '--profile <file>',
      'statistical profile built by `targeting profile build` (explain --decision: also a directory of <id>.json)',
      process.env.PROFILE,
    );
}

export interface ScoringSetup {
  ruleset: LoadedRuleSet;
  mapping: Mapping;
  profile?: ProfileLookup;
  decider: Decider | AsyncDecider;
  /** Whole declarations (items, then header-level rules) with the same rule set, profile and watchlists. */
  declarations: DeclarationDecider | AsyncDeclarationDecider;
  watchlists?: LoadedWatchlists;
}

export function loadScoringSetup(opts: ScoringOptions): ScoringSetup {
  if (opts.engine !== 'compiled' && opts.engine !== 'reference') {
    throw new ConfigError(
      'BAD_ENGINE',
      `unknown engine "${opts.engine}"`,
      { field: '--engine' },
      'use compiled or reference',
    );
  }
  const mapping = mappingFromOptions(opts);
  const profile = opts.profile ? loadProfileLookup(opts.profile) : undefined;
  // A profile built through a mapping knows that mapping's extra columns as facts.
  const factsMapping = opts.mapping || !profile ? mapping : profile.profile.source.mapping;
  const ruleset = loadRuleSet(opts.rules, {
    includeDrafts: opts.includeDrafts,
    extraFacts: mappingFacts(factsMapping),
  });
  const watchlists = loadWatchlistOption(opts);
  const token = watchlistTokenFromEnv();
  const deciderOpts = {
    ruleset,
    profile,
    watchlists: watchlists && indexWatchlists(watchlists, token ? { token } : {}),
  };
  const decider = opts.engine === 'reference' ? createReferenceDecider(deciderOpts) : createDecider(deciderOpts);
  return { ruleset, mapping, profile, decider, declarations: declarationsOf(deciderOpts, opts.engine), watchlists };
}

function declarationsOf(
  opts: Parameters<typeof createDecider>[0],
  engine: ScoringOptions['engine'],
): DeclarationDecider | AsyncDeclarationDecider {
  const { item, header } = splitRuleSet(opts.ruleset);
  const hasHeader = header.rules.length > 0;
  if (engine === 'reference')
    return asyncDeclarationDecider(
      createReferenceDecider({ ...opts, ruleset: item }),
      hasHeader ? createReferenceDecider({ ...opts, ruleset: header }) : undefined,
    );
  return declarationDecider(
    createDecider({ ...opts, ruleset: item }),
    hasHeader ? createDecider({ ...opts, ruleset: header }) : undefined,
  );
}

/** The watchlists `--watchlists` names, else those next to the rules; none when neither exists. */
export function loadWatchlistOption(opts: Pick<ScoringOptions, 'rules' | 'watchlists'>): LoadedWatchlists | undefined {
  const path = opts.watchlists ?? defaultWatchlistDir(opts.rules);
  return path ? loadWatchlists(path) : undefined;
}
