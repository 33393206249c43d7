/**
 * One import declaration as the engine sees it. Built-in fields are typed and
 * validated (see declaration/validate.ts); anything else the source carried is
 * kept, untouched, in `extra`.
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
  /** Gross weight in kg. */
  weight?: number;
  /** Declared customs value. */
  value?: number;
  /** Duties and taxes declared. */
  taxes?: number;
  extra: Record<string, unknown>;
}

export const STRING_FIELDS = [
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

export const NUMERIC_FIELDS = ['quantity', 'weight', 'value', 'taxes'] as const;

export const BUILT_IN_FIELDS: readonly string[] = ['id', ...STRING_FIELDS, ...NUMERIC_FIELDS];
