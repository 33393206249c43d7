import { hsPrefix, taxRatio, transshipment, valuePerKg, valuePerUnit } from '../declaration/derived.js';
import type { FactDefinition } from './fact.js';

/** The declaration's own fields, as facts. */
export const CONSIGNMENT_FACTS: FactDefinition[] = [
  field('id', 'string', 'Consignment (declaration) identifier'),
  field('date', 'string', 'Declaration date, YYYY-MM-DD'),
  field('importer', 'string', 'Importer identifier'),
  field('declarant', 'string', 'Declarant (customs broker) identifier'),
  field('exporter', 'string', 'Exporter (foreign supplier) identifier'),
  field('hsCode', 'string', 'Harmonized System code, 6 to 10 digits'),
  field('origin', 'string', 'Country of origin (ISO alpha-2)'),
  field('departure', 'string', 'Country of departure (ISO alpha-2)'),
  field('office', 'string', 'Customs office of declaration'),
  field('transportMode', 'string', 'Mode of transport (sea, air, road, rail, post…)'),
  field('quantity', 'number', 'Quantity in supplementary units'),
  field('weight', 'number', 'Gross weight in kg'),
  field('value', 'number', 'Declared customs value'),
  field('taxes', 'number', 'Declared duties and taxes'),
];

/** Facts computed from the declaration alone. */
export const DERIVED_FACTS: FactDefinition[] = [
  derived('valuePerKg', 'number', 'Declared value per kg (value / weight)', (c) => valuePerKg(c)),
  derived('valuePerUnit', 'number', 'Declared value per unit (value / quantity)', (c) => valuePerUnit(c)),
  derived('taxRatio', 'number', 'Declared taxes / declared value', (c) => taxRatio(c)),
  derived('hs2', 'string', 'HS chapter (first 2 digits)', (c) => hsPrefix(c, 2)),
  derived('hs4', 'string', 'HS heading (first 4 digits)', (c) => hsPrefix(c, 4)),
  derived('hs6', 'string', 'HS subheading (first 6 digits)', (c) => hsPrefix(c, 6)),
  derived('transshipment', 'boolean', 'Departure country differs from origin', (c) => transshipment(c)),
];

function field(
  name: keyof import('../declaration/record.js').Consignment,
  type: FactDefinition['type'],
  description: string,
): FactDefinition {
  return { name, type, description, source: 'consignment', compute: (ctx) => ctx.consignment[name] };
}

function derived(
  name: string,
  type: FactDefinition['type'],
  description: string,
  fn: (c: import('../declaration/record.js').Consignment) => unknown,
): FactDefinition {
  return { name, type, description, source: 'derived', compute: (ctx) => fn(ctx.consignment) };
}

/** A fact read from one of the consignment's extra attributes: declared in a rule set or added by a mapping. */
export function attributeFact(
  name: string,
  type: FactDefinition['type'],
  description: string,
  attribute = name,
): FactDefinition {
  return { name, type, description, source: 'declared', compute: (ctx) => ctx.consignment.extra[attribute] };
}
