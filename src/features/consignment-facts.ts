import { hsPrefix, taxRatio, transshipment, valuePerKg, valuePerUnit } from '../declaration/derived.js';
import { HEADER_FIELDS } from '../declaration/record.js';
import type { FactContext, FactDefinition } from './fact.js';

const item = computed('declaration');
const ofDeclaration = computed('declaration', true);
const derived = computed('derived');
const HEADER = new Set<string>(HEADER_FIELDS);

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
  field('weight', 'number', 'Weight in kg: net mass of the goods item where the source has one, else its only weight'),
  field('grossWeight', 'number', 'Gross mass in kg'),
  field('value', 'number', 'Declared customs value'),
  field('taxes', 'number', 'Declared duties and taxes'),
  field('destination', 'string', 'Country of destination (ISO alpha-2)'),
  field('procedure', 'string', 'Customs procedure code (requested + previous, e.g. 4000)'),
  field('preference', 'string', 'Tariff preference claimed (duty regime code, e.g. 100, 300)'),
  field('description', 'string', 'Description of the goods'),
];

/**
 * Facts of the goods item's place in its declaration and of the declaration as
 * a whole. A flat record is a declaration of one item. `declaration.maxItemScore`
 * exists only after the items are decided: a rule naming it is a header-level
 * rule, evaluated once per declaration on its header (decision/declaration-decision.ts).
 */
export const DECLARATION_FACTS: FactDefinition[] = [
  item('itemNumber', 'number', 'Goods item number within its declaration (1 for a flat record)', (c) =>
    c.itemNumber !== undefined ? c.itemNumber : c.declaration ? undefined : 1,
  ),
  ofDeclaration('itemCount', 'number', 'Goods items in the declaration', (c) => c.declaration?.itemCount ?? 1),
  ofDeclaration(
    'declaration.itemCount',
    'number',
    'Goods items in the declaration',
    (c) => c.declaration?.itemCount ?? 1,
  ),
  ofDeclaration('declaration.totalValue', 'number', 'Sum of the declared values of all its goods items', (c) =>
    c.declaration ? c.declaration.totalValue : c.value,
  ),
  ofDeclaration('declaration.distinctOrigins', 'number', 'Distinct countries of origin among its goods items', (c) =>
    c.declaration ? c.declaration.distinctOrigins : c.origin === undefined ? 0 : 1,
  ),
  ofDeclaration(
    'declaration.maxItemScore',
    'number',
    "Highest score of the declaration's goods items: header-level rules only (evaluated once, after the items)",
    (c) => c.declaration?.maxItemScore,
  ),
];

/** The fact header-level rules name: a rule that reads it is evaluated on the header, after the items. */
export const MAX_ITEM_SCORE_FACT = 'declaration.maxItemScore';

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
  const compute = (ctx: FactContext) => ctx.consignment[name];
  return { name, type, description, source: 'consignment', compute, header: HEADER.has(name) };
}

/** A fact computed from the consignment: of its whole declaration (`declaration`) or derived from its fields. */
function computed(source: 'declaration' | 'derived', header = false) {
  return (
    name: string,
    type: FactDefinition['type'],
    description: string,
    fn: (c: import('../declaration/record.js').Consignment) => unknown,
  ): FactDefinition => ({ name, type, description, source, compute: (ctx) => fn(ctx.consignment), header });
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
