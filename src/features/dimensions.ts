import { hsPrefix } from '../declaration/derived.js';
import { HEADER_FIELDS, type Consignment } from '../declaration/record.js';

/**
 * An attribute (or pair of attributes) whose past inspections are profiled.
 * `parent` says what a thin group's illicit rate is shrunk toward: the next
 * coarser HS level, the overall rate, or, for a pair, the combination of its
 * two parts.
 */
export interface Dimension {
  name: string;
  description: string;
  key(c: Consignment): string | undefined;
  /** Keyed on header fields only: one key for every goods item of a declaration. */
  header: boolean;
  parent:
    | { kind: 'all' }
    | { kind: 'level'; name: string; keyOf(key: string): string }
    | { kind: 'pair'; parts: [string, string] };
  /** A pair's two part keys, so look-ups need not build the joined key. */
  partKeys?: [(c: Consignment) => string | undefined, (c: Consignment) => string | undefined];
}

const HEADER = new Set<string>(HEADER_FIELDS);

/** Separates the two values of a pair key; never appears in a code or an identifier. */
export const PAIR_SEPARATOR = '\u001f';

const field = (
  name: 'importer' | 'declarant' | 'exporter' | 'origin' | 'departure' | 'office' | 'transportMode',
  description: string,
): Dimension => ({
  name,
  description,
  key: (c) => c[name],
  header: HEADER.has(name),
  parent: { kind: 'all' },
});

const hs = (digits: 2 | 4 | 6, parent: 'hs2' | 'hs4' | undefined): Dimension => ({
  name: `hs${digits}`,
  description: `HS ${digits === 2 ? 'chapter' : digits === 4 ? 'heading' : 'subheading'} (${digits} digits)`,
  key: (c) => (c.hsCode === undefined || c.hsCode.length < digits ? undefined : hsPrefix(c, digits)),
  header: false,
  parent: parent
    ? { kind: 'level', name: parent, keyOf: (key) => key.slice(0, Number(parent.slice(2))) }
    : { kind: 'all' },
});

export const SINGLE_DIMENSIONS: readonly Dimension[] = [
  field('importer', 'importer'),
  field('declarant', 'declarant'),
  field('exporter', 'exporter'),
  field('origin', 'country of origin'),
  field('departure', 'country of departure'),
  field('office', 'customs office'),
  field('transportMode', 'mode of transport'),
  hs(2, undefined),
  hs(4, 'hs2'),
  hs(6, 'hs4'),
];

const byName = new Map(SINGLE_DIMENSIONS.map((d) => [d.name, d]));

function pair(name: string, a: string, b: string, description: string): Dimension {
  const [da, db] = [byName.get(a)!, byName.get(b)!];
  const [ka, kb] = [da.key, db.key];
  return {
    name,
    description,
    header: da.header && db.header,
    key: (c) => {
      const x = ka(c);
      if (x === undefined) return undefined;
      const y = kb(c);
      return y === undefined ? undefined : x + PAIR_SEPARATOR + y;
    },
    parent: { kind: 'pair', parts: [a, b] },
    partKeys: [ka, kb],
  };
}

/** Pairs where fraud concentrates: smuggling routes, a trader's line of goods, broker–client and supplier–client ties. */
export const PAIR_DIMENSIONS: readonly Dimension[] = [
  pair('originHs4', 'origin', 'hs4', 'origin × HS heading (smuggling routes)'),
  pair('departureHs4', 'departure', 'hs4', 'departure × HS heading (transshipment routes)'),
  pair('importerHs4', 'importer', 'hs4', 'importer × HS heading (a trader in goods new to them)'),
  pair('declarantImporter', 'declarant', 'importer', 'declarant × importer'),
  pair('exporterImporter', 'exporter', 'importer', 'exporter × importer'),
  pair('officeHs2', 'office', 'hs2', 'office × HS chapter'),
];

/** An extra categorical column from the mapping, profiled like a built-in attribute. */
export function extraDimension(column: string): Dimension {
  return {
    name: column,
    description: `extra column "${column}"`,
    key: (c) => {
      const v = c.extra[column];
      return v === undefined || v === null || v === '' ? undefined : String(v);
    },
    // An extra column may be an item's own attribute.
    header: false,
    parent: { kind: 'all' },
  };
}

/** Every dimension a profile built with these extra categorical columns holds, parents before children. */
export function dimensionsFor(categorical: readonly string[] = []): Dimension[] {
  return [...SINGLE_DIMENSIONS, ...categorical.map(extraDimension), ...PAIR_DIMENSIONS];
}
