import type { FactDefinition } from '../features/fact.js';

/** Inspection channel, least to most severe. */
export type Channel = 'green' | 'yellow' | 'red';

/** Severity order: a forced or computed channel can only move up this list. */
export const CHANNELS: readonly Channel[] = ['green', 'yellow', 'red'];

/** A value that json-rules-engine resolves from a fact at run time. */
export interface FactReference {
  fact: string;
  path?: string;
  params?: Record<string, unknown>;
}

export interface LeafCondition {
  fact: string;
  operator: string;
  value: unknown;
  path?: string;
  params?: Record<string, unknown>;
  priority?: number;
  name?: string;
}

export type Condition =
  | LeafCondition
  | { all: Condition[]; priority?: number; name?: string }
  | { any: Condition[]; priority?: number; name?: string }
  | { not: Condition; priority?: number; name?: string };

export type TopCondition = Exclude<Condition, LeafCondition>;

export type RuleStatus = 'draft' | 'active' | 'retired';

/**
 * One rule as written in a rule-set file: a json-rules-engine rule (name,
 * conditions, event, priority) plus the envelope fields the decision needs.
 */
export interface RuleDefinition {
  name: string;
  conditions: TopCondition;
  event: { type: string; params?: Record<string, unknown> };
  priority?: number;
  /** Score points added when the rule fires; `event.params.points` (a number or a fact) takes precedence. */
  points?: number;
  /** Text an officer reads; `{{fact}}` placeholders are filled with the consignment's values. */
  reason: string;
  /** Forces the decision's channel when the rule fires (the most severe forced channel wins). */
  channel?: Channel;
  status?: RuleStatus;
  effectiveFrom?: string;
  effectiveTo?: string;
  owner?: string;
  description?: string;
  /**
   * Names the fitted statistic (e.g. a scorecard) this rule is one term of: the
   * decision shows the statistic as one hit summing its fired terms. A term
   * names its fact in `event.params.value` (a fact reference), so the hit's
   * contribution carries the value; a term without one is a constant (base points).
   */
  statistic?: string;
}

export interface Thresholds {
  red: number;
  yellow: number;
}

/** Random inspection: a reproducible share of consignments sent to red regardless of score. */
export interface RandomInspection {
  rate: number;
  seed: string;
}

export interface DeclaredFact {
  type: FactDefinition['type'];
  description: string;
  /** Consignment attribute the value is read from (defaults to the fact's name). */
  attribute?: string;
}

/**
 * How a generated file's thresholds were fitted to an inspection capacity. A
 * file carrying it sets the thresholds of the rule set it is loaded with.
 */
export interface Calibration {
  targetRate: number;
  yellowRate: number;
  fittedOn: 'validation' | 'train';
  /** First day of the validation months. */
  from?: string;
  /** Red and yellow shares on the rows fitted on. */
  shares: { red: number; yellow: number };
}

export interface RuleSetFile {
  name: string;
  version: string;
  description?: string;
  thresholds: Thresholds;
  calibration?: Calibration;
  randomInspection?: RandomInspection;
  facts?: Record<string, DeclaredFact>;
  rules: RuleDefinition[];
}

/** A validated rule set, immutable once loaded. */
export interface LoadedRuleSet {
  /** `name@` + first 12 hex digits of the sha256 of the normalised content. */
  id: string;
  name: string;
  version: string;
  description?: string;
  thresholds: Thresholds;
  randomInspection?: RandomInspection;
  declaredFacts: FactDefinition[];
  rules: RuleDefinition[];
  /** Files the rule set was read from, for messages and hot reload. */
  files: string[];
  /** The normalised content the id hashes; archived so past decisions can be re-explained. */
  source: RuleSetFile;
}
