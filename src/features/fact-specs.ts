import { taxRatio, valuePerKg, valuePerUnit } from '../consignment/derived.js';
import type { Consignment } from '../consignment/record.js';
import type { FactType } from './fact.js';
import { dimensionsFor, type Dimension } from './dimensions.js';
import type { ProfileLookup } from './lookup.js';
import { riskPoints } from './shrinkage.js';
import type { PriceMeasure, TraderRole } from './profile.js';

/** A profile fact: its documented name and how a loaded profile answers it. */
export interface ProfileFactSpec {
  name: string;
  type: FactType;
  description: string;
  get(profile: ProfileLookup, c: Consignment): unknown;
}

/**
 * Every fact a profile answers. One list for `targeting features`, the
 * catalog and the look-ups, so a name cannot be documented and not served.
 */
export function profileFactSpecs(categorical: readonly string[] = []): ProfileFactSpec[] {
  return [...dimensionsFor(categorical).flatMap(riskFacts), ...priceFacts(), ...traderFacts()];
}

function riskFacts(dim: Dimension): ProfileFactSpec[] {
  const d = dim.name;
  return [
    {
      name: `${d}.count`,
      type: 'number',
      description: `Past inspections of this ${dim.description} (0 if never inspected)`,
      get: (p, c) => {
        const e = p.entry(d, c);
        return e && (e.stat?.count ?? 0);
      },
    },
    {
      name: `${d}.illicitCount`,
      type: 'number',
      description: `Past inspections of this ${dim.description} that found fraud`,
      get: (p, c) => {
        const e = p.entry(d, c);
        return e && (e.stat?.illicit ?? 0);
      },
    },
    {
      name: `${d}.illicitRate`,
      type: 'number',
      description: `Illicit rate of this ${dim.description}, shrunk toward ${parentText(dim)} when evidence is thin`,
      get: (p, c) => {
        const e = p.entry(d, c);
        return e && (e.stat?.rate ?? p.risk.priorRate(d, e.key));
      },
    },
    {
      name: `${d}.riskPoints`,
      type: 'number',
      description: `Risk points of this ${dim.description}: +10 per doubling of the odds of fraud against the overall rate`,
      get: (p, c) => {
        const e = p.entry(d, c);
        return e && (e.stat?.points ?? riskPoints(p.risk.priorRate(d, e.key), p.risk.overallRate));
      },
    },
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
  return (['valuePerKg', 'valuePerUnit', 'taxRatio'] as const).flatMap((m): ProfileFactSpec[] => [
    {
      name: `hs6.${m}Z`,
      type: 'number',
      description: `Robust z-score of the ${MEASURE_TEXT[m]} against its HS6 norm (median/MAD${m === 'taxRatio' ? '' : ' of logs'}; HS4, HS2 when thin)`,
      get: (p, c) => {
        const x = SCALED[m](c);
        const cmp = x === undefined ? undefined : p.priceComparison(m, c);
        return cmp && p.priceZ(m, x!, cmp);
      },
    },
    {
      name: `hs6.${m}Median`,
      type: 'number',
      description: `Usual (median) ${MEASURE_TEXT[m]} for these goods (HS6; HS4, HS2 when thin)`,
      get: (p, c) => {
        const cmp = p.priceComparison(m, c);
        return cmp && (m === 'taxRatio' ? cmp.summary.median : Math.exp(cmp.summary.median));
      },
    },
  ]).concat({
    name: 'hs6.priceLevel',
    type: 'string',
    description: 'HS level the value-per-kg norm comes from: hs6, or hs4/hs2/all when HS6 has too few declarations',
    get: (p, c) => p.priceComparison('valuePerKg', c)?.level,
  });
}

function traderFacts(): ProfileFactSpec[] {
  const roles: [TraderRole, string][] = [['importer', 'Importer'], ['declarant', 'Declarant'], ['exporter', 'Exporter']];
  return roles.flatMap(([role, title]): ProfileFactSpec[] => [
    {
      name: `isNew${title}`,
      type: 'boolean',
      description: `${title} never seen in the history, or first seen less than 90 days (profile setting) before this declaration`,
      get: (p, c) => p.isNew(role, c),
    },
    {
      name: `${role}.daysKnown`,
      type: 'number',
      description: `Days since the ${role}'s first declaration in the history (0 if never seen)`,
      get: (p, c) => p.daysKnown(role, c),
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
