import type { Command } from 'commander';
import { ConfigError } from '../errors.js';
import { createDecider, createReferenceDecider, type AsyncDecider } from '../decision/decide.js';
import type { Decider } from '../decision/decision.js';
import { loadRuleSet } from '../ruleset/load.js';
import type { LoadedRuleSet } from '../ruleset/types.js';

export interface ScoringOptions {
  rules: string;
  engine: 'compiled' | 'reference';
  includeDrafts?: boolean;
}

/** Options every scoring command shares: where the rules are and which engine runs them. */
export function addScoringOptions(cmd: Command): Command {
  return cmd
    .option('--rules <dir>', 'rule-set directory or file', process.env.RULES_DIR ?? 'rules')
    .option('--engine <engine>', 'compiled (fast, default) or reference (json-rules-engine)', 'compiled')
    .option('--include-drafts', 'also run rules whose status is draft');
}

export interface ScoringSetup {
  ruleset: LoadedRuleSet;
  decider: Decider | AsyncDecider;
}

export function loadScoringSetup(opts: ScoringOptions): ScoringSetup {
  if (opts.engine !== 'compiled' && opts.engine !== 'reference') {
    throw new ConfigError('BAD_ENGINE', `unknown engine "${opts.engine}"`, { field: '--engine' }, 'use compiled or reference');
  }
  const ruleset = loadRuleSet(opts.rules, { includeDrafts: opts.includeDrafts });
  const deciderOpts = { ruleset };
  const decider = opts.engine === 'reference' ? createReferenceDecider(deciderOpts) : createDecider(deciderOpts);
  return { ruleset, decider };
}
