import { createDecider } from '../decision/decide.js';
import type { Decider } from '../decision/decision.js';
import type { RuleSetError } from '../errors.js';
import type { ProfileFacts } from '../features/fact.js';
import { loadProfileLookup } from '../features/lookup.js';
import { checkRuleSet } from '../ruleset/load.js';

export interface DeciderSource {
  rulesDir: string;
  /** Profile file (PROFILE); loaded once at start, rule edits reuse it. */
  profile?: string;
}

export type DeciderBuild = { decider: Decider; errors?: undefined } | { decider?: undefined; errors: RuleSetError[] };

/**
 * Loads and compiles the rule set with the profile; validation problems come
 * back as values for the caller to log. A profile that does not load throws
 * (ProfileError): a worker must not score without the facts its rules expect.
 */
export function deciderBuilder(source: DeciderSource): () => DeciderBuild {
  const profile: ProfileFacts | undefined = source.profile ? loadProfileLookup(source.profile) : undefined;
  return () => {
    const { errors, ruleset } = checkRuleSet(source.rulesDir);
    if (!ruleset) return { errors };
    return { decider: createDecider({ ruleset, profile }) };
  };
}
