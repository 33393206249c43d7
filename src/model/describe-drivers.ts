import { taxRatio, valuePerKg, valuePerUnit } from '../declaration/derived.js';
import { PAIR_DIMENSIONS, SINGLE_DIMENSIONS } from '../features/dimensions.js';
import type { FactContext } from '../features/fact.js';

/** One feature's push on one consignment's model score. */
export interface Driver {
  fact: string;
  value: unknown;
  /** TreeSHAP value: log-odds (gbdt) or probability (rf). */
  contribution: number;
  /** The same in risk points (+10 per doubling of the odds). */
  points: number;
}

const DIMENSIONS = new Map([...SINGLE_DIMENSIONS, ...PAIR_DIMENSIONS].map((d) => [d.name, d]));

/** Drivers named in a reason: the strongest that raise the risk. */
const NAMED = 3;

/**
 * Drivers in an officer's words: "weight 1.0 kg for HS 420231 (+18); origin
 * RO with departure IT (+9)". Values carry their units; a price against its
 * HS norm says low or high from the profile's robust z-score; trader age
 * says new or known. Only drivers that raise the risk are named.
 */
export function describeDrivers(drivers: readonly Driver[], ctx: FactContext): string {
  const up = drivers.filter((d) => d.points > 0).slice(0, NAMED);
  if (up.length === 0) return 'no single feature stands out';
  return up.map((d) => `${describeDriver(d, ctx)} (${signed(d.points)})`).join('; ');
}

export function describeDriver(d: Driver, ctx: FactContext): string {
  const c = ctx.consignment;
  const v = d.value;
  const hs6 = c.hsCode?.slice(0, 6);
  const forHs = hs6 ? ` for HS ${hs6}` : '';
  if (v === undefined || v === null) return `${d.fact} not declared`;
  const z = /^hs6\.(valuePerKg|valuePerUnit|taxRatio)Z$/.exec(d.fact);
  if (z) return `${MEASURES[z[1]](measureOf(ctx, z[1]))} ${deviation(Number(v))}${forHs}`;
  if (d.fact in MEASURES) {
    const zValue = ctx.profile?.fact(`hs6.${d.fact}Z`, c);
    const judged = typeof zValue === 'number' && Math.abs(zValue) >= 1.5 ? ` ${deviation(zValue)}` : '';
    return `${MEASURES[d.fact](v)}${judged}${forHs}`;
  }
  const trader = /^(importer|declarant|exporter)\.daysKnown$/.exec(d.fact);
  if (trader) {
    const days = Number(v);
    if (days === 0) return `new ${trader[1]} (no earlier declaration)`;
    return days < 90 ? `new ${trader[1]} (first seen ${days} days before)` : `${trader[1]} known for ${days} days`;
  }
  const isNew = /^isNew(Importer|Declarant|Exporter)$/.exec(d.fact);
  if (isNew) return `${v ? 'new' : 'established'} ${isNew[1].toLowerCase()}`;
  const risk = /^(.+)\.riskPoints$/.exec(d.fact);
  if (risk) {
    const dim = DIMENSIONS.get(risk[1]);
    const what = dim ? dim.description.replace(/\s*\(.*\)$/, '') : risk[1];
    return `record of this ${what} (${signed(Number(v))} risk points)`;
  }
  switch (d.fact) {
    case 'hs6':
      return `HS ${v}`;
    case 'hs4':
      return `HS heading ${v}`;
    case 'hs2':
      return `HS chapter ${v}`;
    case 'origin':
      return c.departure && c.departure !== v ? `origin ${v} with departure ${c.departure}` : `origin ${v}`;
    case 'departure':
      return c.origin && c.origin !== v ? `departure ${v} for goods from ${c.origin}` : `departure ${v}`;
    case 'transshipment':
      return v ? `transshipped (origin ${c.origin}, departure ${c.departure})` : 'shipped direct from origin';
    case 'transportMode':
      return `transport by ${v}`;
  }
  return `${d.fact} ${typeof v === 'number' ? number(v) : String(v)}`;
}

const MEASURES: Record<string, (v: unknown) => string> = {
  weight: (v) => `weight ${number(v)} kg`,
  quantity: (v) => `quantity ${number(v)}`,
  value: (v) => `declared value ${number(v)}`,
  taxes: (v) => `declared taxes ${number(v)}`,
  valuePerKg: (v) => `value ${number(v)} per kg`,
  valuePerUnit: (v) => `value ${number(v)} per unit`,
  taxRatio: (v) => `taxes ${typeof v === 'number' ? `${number(v * 100)} %` : 'unknown'} of value`,
};

function measureOf(ctx: FactContext, measure: string): unknown {
  const of = measure === 'valuePerKg' ? valuePerKg : measure === 'valuePerUnit' ? valuePerUnit : taxRatio;
  return of(ctx.consignment);
}

function deviation(z: number): string {
  if (z <= -3) return 'far under the usual';
  if (z < 0) return 'unusually low';
  if (z >= 3) return 'far over the usual';
  return 'unusually high';
}

function number(v: unknown): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return 'unknown';
  const a = Math.abs(v);
  const digits = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 1 : 3;
  return v.toLocaleString('en', { minimumFractionDigits: digits === 1 ? 1 : 0, maximumFractionDigits: digits });
}

export function signed(points: number): string {
  const r = Math.abs(points) >= 10 ? Math.round(points) : Math.round(points * 10) / 10;
  return `${r >= 0 ? '+' : '−'}${Math.abs(r)}`;
}
