import { GOODS, HUBS, misclassifiedHeadingOf, OFFICES } from './catalog.js';
import { applyPattern, choosePattern, taxRate, type Draft, type FraudPattern } from './fraud.js';
import { Random, WeightedIndex } from './random.js';
import { CORE_AMOUNT_FIELDS, CORE_TEXT_FIELDS } from '../declaration/record.js';
import { Traders } from './traders.js';

/** One generated declaration, keyed by the built-in field names, with the outcome of its inspection. */
export interface DeclarationRow {
  id: string;
  date: string;
  importer: string;
  declarant: string;
  exporter: string;
  hsCode: string;
  origin: string;
  departure: string;
  office: string;
  transportMode: string;
  quantity: number;
  weight: number;
  value: number;
  taxes: number;
  /** 1 when an inspection found the declaration false. */
  illicit: 0 | 1;
  /** Duties, taxes and penalties an inspection raised (0 when nothing was found). */
  revenue: number;
  /** The injected fraud pattern, only with `patterns: true` (for tests and analysis, never a feature). */
  pattern?: FraudPattern;
}

export const DECLARATION_COLUMNS = ['id', ...CORE_TEXT_FIELDS, ...CORE_AMOUNT_FIELDS, 'illicit', 'revenue'] as const;

export interface GenerateOptions {
  rows: number;
  seed: number;
  /** First declaration date, YYYY-MM-DD (default 2025-01-01). */
  start?: string;
  /** Days the declarations span (default 365); rows are spread evenly and come in date order. */
  days?: number;
  patterns?: boolean;
}

/** Penalty on top of the evaded tax, and the least an inspection that finds fraud raises. */
const PENALTY = 0.5;
const MIN_REVENUE = 50;
const LEGIT_TRANSSHIPMENT = 0.04;
const SHELL_SHARE = 0.015;

/**
 * A reproducible stream of realistic declarations with fraud injected the way
 * it occurs in practice (see datasets/README.md). Same options, same rows.
 */
export function* generateDeclarations(opts: GenerateOptions): Generator<DeclarationRow> {
  const { rows, seed, days = 365, patterns = false } = opts;
  const random = new Random(seed);
  const traders = new Traders(random, rows);
  const dates = dateStrings(opts.start ?? '2025-01-01', days);
  const origins = GOODS.map((x) => ({
    codes: Object.keys(x.origins),
    draw: new WeightedIndex(Object.values(x.origins)),
  }));
  const offices = {
    bulk: new WeightedIndex(OFFICES.map((o) => o.bulk)),
    general: new WeightedIndex(OFFICES.map((o) => o.general)),
    express: new WeightedIndex(OFFICES.map((o) => o.express)),
  };

  for (let i = 0; i < rows; i++) {
    const shell = random.chance(SHELL_SHARE);
    const importer = shell ? traders.shell() : traders.pick(i / rows);
    const goodsIndex = traders.goodsFor(importer);
    const goods = GOODS[goodsIndex];
    const originOf = origins[goodsIndex];
    const origin = originOf.codes[originOf.draw.draw(random)];
    const office = OFFICES[offices[goods.freight].draw(random)];
    const declarant = traders.declarantFor(importer);
    const [lo, hi] = goods.units;
    const quantity = Math.max(1, Math.round(Math.exp(random.uniform(Math.log(lo), Math.log(hi)))));
    const weight = quantity * goods.unitKg * random.lognormal(1, 0.08);
    const draft: Draft = {
      goods,
      origin,
      departure: hubbed(origin, office.transportMode, random),
      weight,
      value: weight * goods.valuePerKg * importer.priceFactor * random.lognormal(1, goods.sigma),
    };
    const pattern = choosePattern(
      draft,
      {
        importer,
        shell,
        offendingDeclarant: traders.offendingDeclarants[declarant] === 1,
        misclassifiedHeading: misclassifiedHeadingOf(declarant),
      },
      random,
    );
    const evaded = applyPattern(pattern, draft, random);
    const complicit = pattern !== 'none' && (shell || pattern === 'concealment') && random.chance(0.6);
    const row: DeclarationRow = {
      id: `C${String(i + 1).padStart(7, '0')}`,
      date: dates[Math.floor((i * days) / rows)],
      importer: importer.id,
      declarant: traders.declarants[declarant],
      exporter: traders.exporter(draft.origin, importer, complicit),
      hsCode: draft.goods.hs6,
      origin: draft.origin,
      departure: draft.departure,
      office: office.code,
      transportMode: office.transportMode,
      quantity,
      weight: round(Math.max(0.1, draft.weight), 1),
      value: round(draft.value, 2),
      taxes: round(draft.value * taxRate(draft.goods, draft.origin), 2),
      illicit: pattern === 'none' ? 0 : 1,
      revenue: pattern === 'none' ? 0 : round(Math.max(MIN_REVENUE, evaded * (1 + PENALTY)), 2),
    };
    if (patterns) row.pattern = pattern;
    yield row;
  }
}

/** Sea and air freight sometimes passes a hub on the way: legitimate transshipment. */
function hubbed(origin: string, mode: string, random: Random): string {
  if ((mode !== 'sea' && mode !== 'air') || !random.chance(LEGIT_TRANSSHIPMENT)) return origin;
  const hub = random.pick(HUBS);
  return hub === origin ? origin : hub;
}

function dateStrings(start: string, days: number): string[] {
  const t0 = Date.parse(`${start}T00:00:00Z`);
  if (Number.isNaN(t0)) throw new RangeError(`start "${start}" is not a YYYY-MM-DD date`);
  return Array.from({ length: days }, (_, d) => new Date(t0 + d * 86_400_000).toISOString().slice(0, 10));
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
