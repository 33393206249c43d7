import { createDecider } from '../decision/decide.js';
import type { Decider } from '../decision/decision.js';
import { ConfigError, type RuleSetError } from '../errors.js';
import { checkRuleSet } from '../ruleset/load.js';

export interface DeciderSource {
  rulesDir: string;
  profile?: string;
}

export type DeciderBuild = { decider: Decider; errors?: undefined } | { decider?: undefined; errors: RuleSetError[] };

/** Loads and compiles the rule set; validation problems come back as values, for the watcher to log. */
export function buildDecider(source: DeciderSource): DeciderBuild {
  if (source.profile) {
    // No profile reader exists in this build; refusing beats scoring without the facts rules expect.
    throw new ConfigError('PROFILE_UNSUPPORTED', `PROFILE=${source.profile} is set but this build cannot load profiles yet`, { field: 'PROFILE' }, 'unset PROFILE');
  }
  const { errors, ruleset } = checkRuleSet(source.rulesDir);
  if (!ruleset) return { errors };
  return { decider: createDecider({ ruleset }) };
}
