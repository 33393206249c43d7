/**
 * One goods item seen with its declaration's header: the unit rules, profiles
 * and models score. A flat record is a declaration of one item and is exactly
 * this (no item fields set); an item of a multi-item declaration also carries
 * `itemNumber`, `itemCount` and the declaration-level facts (declaration/declaration.ts).
 * Built-in fields are typed and validated (see declaration/validate.ts);
 * anything else the source carried is kept, untouched, in `extra`.
 */
export interface Consignment {
  id: string;
  /** ISO date `YYYY-MM-DD` of the declaration. */
  date?: string;
  importer?: string;
  declarant?: string;
  exporter?: string;
  /** 6 to 10 digits, no dots. */
  hsCode?: string;
  /** ISO 3166-1 alpha-2 country of origin of the goods. */
  origin?: string;
  /** ISO 3166-1 alpha-2 country the goods were shipped from. */
  departure?: string;
  office?: string;
  transportMode?: string;
  quantity?: number;
  /** Weight in kg: the item's net mass where the source gives one (WCO NetNetWeightMeasure), else its only weight. */
  weight?: number;
  /** Gross mass in kg. */
  grossWeight?: number;
  /** Declared customs value. */
  value?: number;
  /** Duties and taxes declared. */
  taxes?: number;
  /** ISO 3166-1 alpha-2 country of destination. */
  destination?: string;
  /** Customs procedure code (requested + previous, e.g. 4000). */
  procedure?: string;
  /** Tariff preference (duty regime) claimed, e.g. 100 (erga omnes) or 300 (preferential). */
  preference?: string;
  /** Description of the goods. */
  description?: string;
  /** Item sequence number within its declaration; absent for a flat record (its one item is item 1). */
  itemNumber?: number;
  /** Goods items in the declaration; absent for a flat record (one). */
  itemCount?: number;
  /** Facts of the whole declaration, shared by its items; absent for a flat record. */
  declaration?: DeclarationFacts;
  extra: Record<string, unknown>;
}

/** What the items of one declaration add up to (one object shared by every item view). */
export interface DeclarationFacts {
  /** Sum of the items' values; undefined when no item declares one. */
  totalValue?: number;
  itemCount: number;
  /** Distinct countries of origin among the items. */
  distinctOrigins: number;
  /** Highest item score: set only on the header view that header-level rules see, after the items are decided. */
  maxItemScore?: number;
}

/**
 * The fields every source carries, generated data included, in their column
 * order (the mapping's roles, a generated CSV): who, what, from where, at
 * which office and how; then the amounts.
 */
export const CORE_TEXT_FIELDS = [
  'date',
  'importer',
  'declarant',
  'exporter',
  'hsCode',
  'origin',
  'departure',
  'office',
  'transportMode',
] as const;
export const CORE_AMOUNT_FIELDS = ['quantity', 'weight', 'value', 'taxes'] as const;

export const STRING_FIELDS = [...CORE_TEXT_FIELDS, 'destination', 'procedure', 'preference', 'description'] as const;

export const NUMERIC_FIELDS = ['quantity', 'weight', 'grossWeight', 'value', 'taxes'] as const;

/** Fields of a declaration's header; every other field belongs to its goods items. */
export const HEADER_FIELDS = [
  'id',
  'date',
  'importer',
  'declarant',
  'exporter',
  'office',
  'transportMode',
  'departure',
  'destination',
] as const;

export const BUILT_IN_FIELDS: readonly string[] = ['id', ...STRING_FIELDS, ...NUMERIC_FIELDS];
