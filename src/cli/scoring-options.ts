import type { Command } from 'commander';
import type { AsyncDeclarationDecider, DeclarationDecider } from '../decision/declaration-decision.js';
import { createEngine, type Engine, type EngineOptions } from '../engine.js';
import { ConfigError } from '../errors.js';
import type { ProfileFacts } from '../features/fact.js';
import type { LoadedRuleSet } from '../ruleset/types.js';
import { loadSetting } from '../config/load.js';
import { SETTINGS } from '../config/settings.js';
import { defaultWatchlistDir } from '../watchlist/load.js';
import { defaultRulesDir } from './default-rules.js';

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
  /** Risk model file (`MODEL`); its facts are missing without one. */
  model?: string;
}

/** Options every scoring command shares: where the rules are and which engine runs them. */
export function addScoringOptions(cmd: Command): Command {
  return cmd
    .option('--rules <dir>', 'rule-set directory or file', defaultRulesDir())
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
    )
    .option('--model <file>', 'risk model file (`targeting model train` or `model import`)', process.env.MODEL);
}

/**
 * The engine a command's options describe. The shared watchlist key is the
 * one setting read here from the environment (WATCHLIST_KEY_ENV names the
 * variable that holds it), as the worker reads it.
 */
export async function engineFromOptions(
  opts: Pick<ScoringOptions, 'rules' | 'includeDrafts' | 'watchlists' | 'profile' | 'mapping' | 'model'>,
  parts: { rules?: LoadedRuleSet; profile?: ProfileFacts } = {},
): Promise<Engine> {
  const watchlistKey = loadSetting(SETTINGS.watchlistKey, process.env);
  const options: EngineOptions = {
    rules: parts.rules ?? opts.rules,
    includeDrafts: opts.includeDrafts,
    ...((parts.profile ?? opts.profile) ? { profile: parts.profile ?? opts.profile } : {}),
    ...(opts.mapping ? { mapping: opts.mapping } : {}),
    ...(opts.watchlists ? { watchlists: opts.watchlists } : {}),
    ...(opts.model ? { model: opts.model } : {}),
    ...(watchlistKey ? { watchlistKey } : {}),
  };
  // A rule set from the archive has no folder of its own: its watchlists are those beside --rules.
  if (parts.rules && !opts.watchlists) return createEngine({ ...options, watchlists: watchlistsBeside(opts.rules) });
  return createEngine(options);
}

function watchlistsBeside(rules: string): string | false {
  return defaultWatchlistDir(rules) ?? false;
}

/** The declaration decider `--engine` names: the compiled hot path or json-rules-engine itself. */
export function deciderOf(
  engine: Engine,
  name: ScoringOptions['engine'],
): DeclarationDecider | AsyncDeclarationDecider {
  if (name === 'compiled') return engine.declarations;
  if (name === 'reference') return engine.referenceDeclarations();
  throw new ConfigError('BAD_ENGINE', `unknown engine "${name}"`, { field: '--engine' }, 'use compiled or reference');
}
