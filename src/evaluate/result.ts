import { measureRanking, type AtRates, type RankingMeasures, type ScoredRow } from './metrics.js';
import type { FeatureWeight } from './model-features.js';
import type { RulePerformance } from './rule-performance.js';

export type VariantKey = 'rules' | 'scorecard' | 'model';

/** One method measured beside the combined set: rules alone, the scorecard, the model. */
export interface Variant extends MethodResult {
  key: VariantKey;
}

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
  /** The rule set evaluated (the combined set): hand-written rules, plus the scorecard with --calibrate. */
  primary: MethodResult;
  /** Rankings beside it: the hand-written rules alone, the scorecard alone (with --calibrate), a model (when trained). */
  variants: Variant[];
  /** Channels the combined set gives the test declarations. */
  channels: { red: number; yellow: number; green: number };
  baselines: { price: MethodResult; importer: MethodResult };
  rules: RulePerformance[];
  ruleset: string;
  /** Written scorecard file, with --calibrate. */
  scorecardFile?: string;
  /** The trained model's top features on test (the HTML report shows them). */
  modelFeatures?: FeatureWeight[];
}

/** The `--json` document; its shape is a public contract, checked by external runs. */
export interface EvaluationJson {
  rows: number;
  illicitRate: number;
  at: AtRates;
  auc: number | null;
  /** The same measures for each ranking beside the combined set. */
  variants: Partial<Record<VariantKey, { at: AtRates; auc: number | null }>>;
  channels: { red: number; yellow: number; green: number };
  baselines: { price: { at: AtRates }; importer: { at: AtRates } };
  rules: { rule: string; hits: number; precision: number }[];
}

export function toJson(r: EvaluationResult): EvaluationJson {
  return {
    rows: r.rows,
    illicitRate: r.illicitRate,
    at: r.primary.measures.at,
    auc: r.primary.measures.auc,
    variants: Object.fromEntries(r.variants.map((v) => [v.key, { at: v.measures.at, auc: v.measures.auc }])),
    channels: r.channels,
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

/** The rankings to show side by side: each variant, then the combined set (once, when it is the rules alone). */
export function sideBySide(r: EvaluationResult): MethodResult[] {
  return [...r.variants.filter((v) => v.label !== r.primary.label), r.primary];
}
