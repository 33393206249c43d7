import { taxRatio, valuePerKg, valuePerUnit } from '../declaration/derived.js';
import type { Consignment } from '../declaration/record.js';
import type { FactType } from './fact.js';
import { dimensionsFor, type Dimension } from './dimensions.js';
import type { DimensionRisk, RiskTables } from './risk-table.js';
import type { PriceLevel, PriceMeasure, TraderRole } from './profile.js';
import type { RobustSummary } from './robust.js';

export interface PriceComparison {
  level: PriceLevel;
  summary: RobustSummary;
}

/** What profile facts read from a loaded profile (ProfileLookup provides it). */
export interface ProfileReadings {
  readonly risk: RiskTables;
  priceComparison(measure: PriceMeasure, c: Consignment): PriceComparison | undefined;
  priceZ(measure: PriceMeasure, scaled: number, comparison: PriceComparison): number;
  daysKnown(role: TraderRole, c: Consignment): number | undefined;
  isNew(role: TraderRole, c: Consignment): boolean | undefined;
}

/** A profile fact: its documented name and how a loaded profile answers it. */
export interface ProfileFactSpec {
  name: string;
  type: FactType;
  description: string;
  /** Reads only header fields (FactDefinition.header). */
  header?: boolean;
  /** The fact's look-up in one loaded profile, resolved once at load. */
  bind(profile: ProfileReadings): (c: Consignment) => unknown;
}

/**
 * Every fact a profile answers. One list for `targeting features`, the
 * catalog and the look-ups, so a name cannot be documented and not served.
 */
export function profileFactSpecs(categorical: readonly string[] = []): ProfileFactSpec[] {
  return [...dimensionsFor(categorical).flatMap(riskFacts), ...priceFacts(), ...traderFacts()];
}

function riskFacts(dim: Dimension): ProfileFactSpec[] {
  type Read = (r: DimensionRisk, a: string, b?: string) => number;
  const stat = (name: string, type: FactType, description: string, read: Read): ProfileFactSpec => ({
    name: `${dim.name}.${name}`,
    type,
    description,
    header: dim.header,
    bind: (p) => {
      const risk = p.risk.dimension(dim.name);
      if (!risk) return () => undefined;
      if (dim.partKeys) {
        const [keyA, keyB] = dim.partKeys;
        return (c) => {
          const a = keyA(c);
          const b = a === undefined ? undefined : keyB(c);
          return b === undefined ? undefined : read(risk, a!, b);
        };
      }
      const keyOf = dim.key;
      return (c) => {
        const key = keyOf(c);
        return key === undefined ? undefined : read(risk, key);
      };
    },
  });
  return [
    stat('count', 'number', `Past inspections of this ${dim.description} (0 if never inspected)`, (r, a, b) =>
      r.count(a, b),
    ),
    stat('illicitCount', 'number', `Past inspections of this ${dim.description} that found fraud`, (r, a, b) =>
      r.illicit(a, b),
    ),
    stat(
      'illicitRate',
      'number',
      `Illicit rate of this ${dim.description}, shrunk toward ${parentText(dim)} when evidence is thin`,
      (r, a, b) => r.rate(a, b),
    ),
    stat(
      'riskPoints',
      'number',
      `Risk points of this ${dim.description}: +10 per doubling of the odds of fraud against the overall rate`,
      (r, a, b) => r.points(a, b),
    ),
  ];
}

const SCALED: Record<PriceMeasure, (c: Consignment) => number | undefined> = {
  valuePerKg: (c) => log(valuePerKg(c)),
  valuePerUnit: (c) => log(valuePerUnit(c)),
  taxRatio: (c) => taxRatio(c),
};

const MEASURE_TEXT: Record<PriceMeasure, string> = {
  valuePerKg: 'declared value per kg',
  valuePerUnit: 'declared value per unit',
  taxRatio: 'declared taxes / value',
};

function priceFacts(): ProfileFactSpec[] {
  return (['valuePerKg', 'valuePerUnit', 'taxRatio'] as const)
    .flatMap((m): ProfileFactSpec[] => [
      {
        name: `hs6.${m}Z`,
        type: 'number',
        description: `Robust z-score of the ${MEASURE_TEXT[m]} against its HS6 norm (median/MAD${m === 'taxRatio' ? '' : ' of logs'}; HS4, HS2 when thin)`,
        bind: (p) => (c) => {
          const x = SCALED[m](c);
          const cmp = x === undefined ? undefined : p.priceComparison(m, c);
          return cmp && p.priceZ(m, x!, cmp);
        },
      },
      {
        name: `hs6.${m}Median`,
        type: 'number',
        description: `Usual (median) ${MEASURE_TEXT[m]} for these goods (HS6; HS4, HS2 when thin)`,
        bind: (p) => (c) => {
          const cmp = p.priceComparison(m, c);
          return cmp && (m === 'taxRatio' ? cmp.summary.median : Math.exp(cmp.summary.median));
        },
      },
    ])
    .concat({
      name: 'hs6.priceLevel',
      type: 'string',
      description: 'HS level the value-per-kg norm comes from: hs6, or hs4/hs2/all when HS6 has too few declarations',
      bind: (p) => (c) => p.priceComparison('valuePerKg', c)?.level,
    });
}

function traderFacts(): ProfileFactSpec[] {
  const roles: [TraderRole, string][] = [
    ['importer', 'Importer'],
    ['declarant', 'Declarant'],
    ['exporter', 'Exporter'],
  ];
  return roles.flatMap(([role, title]): ProfileFactSpec[] => [
    {
      name: `isNew${title}`,
      type: 'boolean',
      header: true,
      description: `${title} never seen in the history, or first seen less than 90 days (profile setting) before this declaration`,
      bind: (p) => (c) => p.isNew(role, c),
    },
    {
      name: `${role}.daysKnown`,
      type: 'number',
      header: true,
      description: `Days since the ${role}'s first declaration in the history (0 if never seen)`,
      bind: (p) => (c) => p.daysKnown(role, c),
    },
  ]);
}

function parentText(dim: Dimension): string {
  if (dim.parent.kind === 'level') return `its ${dim.parent.name.toUpperCase()}`;
  if (dim.parent.kind === 'pair') return `its parts combined (${dim.parent.parts.join(' × ')})`;
  return 'the overall rate';
}

function log(x: number | undefined): number | undefined {
  return x !== undefined && x > 0 ? Math.log(x) : undefined;
}
