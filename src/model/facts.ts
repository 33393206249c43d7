import { canonicalJson } from '../canonical-json.js';
import { BUILT_IN_MAPPING, type Mapping } from '../declaration/mapping.js';
import { ModelError } from '../errors.js';
import type { FactCatalog } from '../features/catalog.js';
import type { Contribution, FactContext, ModelFacts } from '../features/fact.js';
import { logit, riskPoints } from '../features/shrinkage.js';
import { REASON_TEXT } from '../ruleset/reason-template.js';
import { describeDrivers, type Driver } from './describe-drivers.js';
import { FeatureReader } from './feature-vector.js';
import { loadModel, type ModelFile } from './model-file.js';
import { CompiledEnsemble } from './predict.js';
import { TreeShap } from './tree-shap.js';

/** Drivers kept per consignment, and contributions on a model rule's hit. */
export const TOP_DRIVERS = 5;

export interface ServingOptions {
  /** The facts the rules see (buildCatalog with the mapping's facts): the model reads its features there. */
  catalog: FactCatalog;
  /** The mapping in use; must be the one the model was trained or imported with. */
  mapping: Mapping;
  file?: string;
  /**
   * false: `model.drivers` and a model hit's contributions are empty. A backtest ranks on points alone, and
   * TreeSHAP on every selected declaration would be most of its time.
   */
  drivers?: boolean;
}

/**
 * A model file ready to serve facts. Score and risk points cost one feature
 * vector and one pass over the trees per consignment; drivers (TreeSHAP) only
 * when a rule or reason reads them. Both are kept for the consignment being
 * scored, so a rule set reading all three facts computes each once.
 */
export class ServingModel implements ModelFacts {
  readonly id: string;
  private readonly ensemble: CompiledEnsemble;
  private shap?: TreeShap;
  private readonly reader: FeatureReader;
  private readonly x: Float64Array;
  private ctx?: FactContext;
  private consignment?: FactContext['consignment'];
  private raw = Number.NaN;
  private drivers?: Driver[];
  private readonly explains: boolean;

  constructor(
    readonly model: ModelFile,
    opts: ServingOptions,
  ) {
    this.id = model.id;
    const trained = model.mapping ?? BUILT_IN_MAPPING;
    if (canonicalJson(trained) !== canonicalJson(opts.mapping))
      throw new ModelError(
        'MODEL_MAPPING_MISMATCH',
        `the model was ${model.source === 'lightgbm' ? 'imported' : 'trained'} with another mapping than the one in use`,
        { file: opts.file, path: '$.mapping' },
        `score with its mapping (${describeMapping(trained)}), or retrain the model on this one`,
      );
    this.reader = new FeatureReader(model.ensemble.features, opts.catalog, opts.file);
    this.ensemble = new CompiledEnsemble(model.ensemble);
    this.x = new Float64Array(this.ensemble.featureCount);
    this.explains = opts.drivers ?? true;
  }

  fact(name: string, ctx: FactContext): unknown {
    this.at(ctx);
    if (name === 'model.score') return this.ensemble.toProbability(this.raw);
    if (name === 'model.riskPoints') return riskPoints(this.ensemble.toProbability(this.raw), this.model.baseRate);
    if (name === 'model.drivers') return this.driversOf(ctx);
    return undefined;
  }

  contributions(ctx: FactContext): Contribution[] {
    this.at(ctx);
    return this.driversOf(ctx).map((d) => ({ fact: d.fact, value: d.value, points: Math.round(d.points * 100) / 100 }));
  }

  private at(ctx: FactContext): void {
    if (ctx === this.ctx && ctx.consignment === this.consignment) return;
    this.reader.read(ctx, this.x);
    this.raw = this.ensemble.raw(this.x);
    this.drivers = undefined;
    this.ctx = ctx;
    this.consignment = ctx.consignment;
  }

  private driversOf(ctx: FactContext): Driver[] {
    if (this.drivers) return this.drivers;
    if (!this.explains) return (this.drivers = []);
    this.shap ??= new TreeShap(this.ensemble);
    const { expected, contributions } = this.shap.explain(this.x);
    const perUnit = this.pointsPerUnit(expected);
    const features = this.model.ensemble.features;
    const drivers: Driver[] = [];
    contributions.forEach((c, i) => {
      if (c !== 0)
        drivers.push({ fact: features[i].name, value: this.reader.values[i], contribution: c, points: c * perUnit });
    });
    drivers.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
    const top = drivers.slice(0, TOP_DRIVERS);
    Object.defineProperty(top, REASON_TEXT, { value: describeDrivers(top, ctx) });
    return (this.drivers = top);
  }

  /**
   * Risk points per unit of contribution. gbdt contributions are log-odds:
   * 10/ln 2 each, so they add up to model.riskPoints less the points of the
   * expected score. rf contributions are probabilities: shared in proportion,
   * so they add up to the same difference.
   */
  private pointsPerUnit(expected: number): number {
    const perLogit = 10 / Math.LN2;
    if (this.ensemble.kind === 'gbdt') return perLogit;
    const p = this.ensemble.toProbability(this.raw);
    if (Math.abs(p - expected) < 1e-12) return perLogit / Math.max(1e-6, expected * (1 - expected));
    return (perLogit * (logit(p) - logit(expected))) / (p - expected);
  }
}

/** Loads a model file and checks it against the facts and mapping in use (`--model FILE` / MODEL). */
export function loadServingModel(file: string, opts: Omit<ServingOptions, 'file'>): ServingModel {
  return new ServingModel(loadModel(file), { ...opts, file });
}

function describeMapping(m: Mapping): string {
  if (m === BUILT_IN_MAPPING || canonicalJson(m) === canonicalJson(BUILT_IN_MAPPING))
    return 'none: built-in field names';
  const cols = Object.entries(m.columns)
    .slice(0, 3)
    .map(([role, col]) => `${role}←${col}`)
    .join(', ');
  return `${cols}${Object.keys(m.columns).length > 3 ? ', …' : ''}`;
}
