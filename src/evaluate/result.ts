import { measureRanking, type AtRates, type RankingMeasures, type ScoredRow } from './metrics.js';
import type { RulePerformance } from './rule-performance.js';

/** One ranking method judged on the test split. */
export interface MethodResult {
  label: string;
  measures: RankingMeasures;
  scores: readonly ScoredRow[];
}

export interface EvaluationResult {
  rows: number;
  illicitRate: number;
  hasRevenue: boolean;
  /** The rule set evaluated: hand-written rules, plus the scorecard with --calibrate. */
  primary: MethodResult;
  /** With --calibrate: the hand-written rules alone, the scorecard alone, and both. */
  variants: MethodResult[];
  baselines: { price: MethodResult; importer: MethodResult };
  rules: RulePerformance[];
  ruleset: string;
  /** Written scorecard file, with --calibrate. */
  scorecardFile?: string;
}

/** The `--json` document; its shape is a public contract, checked by external runs. */
export interface EvaluationJson {
  rows: number;
  illicitRate: number;
  at: AtRates;
  auc: number | null;
  baselines: { price: { at: AtRates }; importer: { at: AtRates } };
  rules: { rule: string; hits: number; precision: number }[];
}

export function toJson(r: EvaluationResult): EvaluationJson {
  return {
    rows: r.rows,
    illicitRate: r.illicitRate,
    at: r.primary.measures.at,
    auc: r.primary.measures.auc,
    baselines: {
      price: { at: r.baselines.price.measures.at },
      importer: { at: r.baselines.importer.measures.at },
    },
    rules: r.rules.map(({ rule, hits, precision }) => ({ rule, hits, precision })),
  };
}

export function methodResult(label: string, scores: readonly ScoredRow[], hasRevenue: boolean): MethodResult {
  return { label, measures: measureRanking(scores, hasRevenue), scores };
}
