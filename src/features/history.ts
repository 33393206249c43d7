import { formatOf, readRaw } from '../declaration/read-lines.js';
import type { Consignment } from '../declaration/record.js';
import { toConsignment } from '../declaration/validate.js';
import {
  BUILT_IN_MAPPING,
  ErrorBudget,
  checkHeader,
  createRowMapper,
  inFileTerms,
  parseNumber,
  type Mapping,
  type Role,
} from '../declaration/mapping.js';
import { MappingError, RecordError, TargetingError } from '../errors.js';
import { csvBatches } from '../declaration/csv-batches.js';

/** A past declaration with the outcome of its inspection (absent when it was not inspected). */
export interface LabelledRow {
  line: number;
  consignment: Consignment;
  illicit?: 0 | 1;
  revenue?: number;
}

export interface ReadHistoryOptions {
  /** Counts rejected rows; the read stops (throws) once past its threshold. */
  budget?: ErrorBudget;
}

/**
 * Labelled declarations from a CSV or NDJSON history through a mapping, in
 * batches (one await per batch keeps a million-row read fast). Bad rows are
 * counted in the budget, named by row and column, and skipped.
 */
export async function* readLabelledBatches(
  file: string,
  mapping: Mapping = BUILT_IN_MAPPING,
  opts: ReadHistoryOptions = {},
): AsyncGenerator<LabelledRow[]> {
  const budget = opts.budget ?? new ErrorBudget({ file });
  if (formatOf(file) === 'ndjson') {
    const toRow = labeller(mapping, file, budget);
    for await (const item of readRaw(file, 'ndjson')) {
      if ('error' in item) budget.reject(item.error);
      else {
        const rows: LabelledRow[] = [];
        for (const raw of itemRows(item.raw)) {
          const row = toRow(raw, item.line);
          if (row) rows.push(row);
        }
        if (rows.length) yield rows;
      }
    }
    return;
  }
  let toRow: ReturnType<typeof labeller> | undefined;
  for await (const batch of csvBatches(file)) {
    if (!toRow) {
      const effective = mapping === BUILT_IN_MAPPING ? presentRoles(batch.header, file) : mapping;
      checkHeader(effective, batch.header, file);
      toRow = labeller(effective, file, budget);
    }
    const { header } = batch;
    const rows: LabelledRow[] = [];
    for (const record of batch.records) {
      if (record.fields.length !== header.length) {
        budget.reject(
          new RecordError(
            'BAD_LINE',
            `wrong number of columns (${record.fields.length} read, ${header.length} in the header)`,
            { file, line: record.line },
          ),
        );
        continue;
      }
      const raw: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) raw[header[i]] = record.fields[i];
      const row = toRow(raw, record.line);
      if (row) rows.push(row);
    }
    yield rows;
  }
}

export async function* readLabelled(
  file: string,
  mapping: Mapping = BUILT_IN_MAPPING,
  opts: ReadHistoryOptions = {},
): AsyncGenerator<LabelledRow> {
  for await (const batch of readLabelledBatches(file, mapping, opts)) yield* batch;
}

/** Every labelled row of a file, in file order. */
export async function readAllLabelled(
  file: string,
  mapping: Mapping = BUILT_IN_MAPPING,
  opts: ReadHistoryOptions = {},
): Promise<LabelledRow[]> {
  const all: LabelledRow[] = [];
  for await (const batch of readLabelledBatches(file, mapping, opts)) for (const row of batch) all.push(row);
  return all;
}

function labeller(
  mapping: Mapping,
  file: string,
  budget: ErrorBudget,
): (raw: Record<string, unknown>, line: number) => LabelledRow | undefined {
  const mapRow = createRowMapper(mapping, file);
  const { illicit: illicitColumn, revenue: revenueColumn } = mapping.columns;
  return (raw, line) => {
    const at = { file, line };
    try {
      const row: LabelledRow = { line, consignment: toConsignment(mapRow(raw, line), at) };
      if (illicitColumn) {
        const illicit = parseLabel(raw[illicitColumn], illicitColumn, at);
        if (illicit !== undefined) row.illicit = illicit;
      }
      if (revenueColumn) {
        const revenue = parseNumber(raw[revenueColumn], revenueColumn, at);
        if (revenue !== undefined) row.revenue = revenue;
      }
      budget.ok();
      return row;
    } catch (e) {
      if (!(e instanceof TargetingError)) throw e;
      budget.reject(inFileTerms(e, mapping, file));
      return undefined;
    }
  };
}

/** The built-in mapping narrowed to the roles this file has: absent ones switch features off. */
function presentRoles(header: readonly string[], file: string): Mapping {
  if (!header.includes('id')) {
    throw new MappingError(
      'MISSING_COLUMN',
      'the file has no "id" column',
      { file, line: 1 },
      'name the id column, or pass --mapping FILE',
    );
  }
  const columns = Object.fromEntries(
    Object.entries(BUILT_IN_MAPPING.columns).filter(([, c]) => header.includes(c!)),
  ) as Partial<Record<Role, string>>;
  return { columns, categorical: [], numeric: [] };
}

function parseLabel(v: unknown, column: string, at: { file: string; line: number }): 0 | 1 | undefined {
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return undefined;
  const s = String(v).trim();
  if (s === '0' || s === '1') return s === '1' ? 1 : 0;
  throw new MappingError(
    'BAD_LABEL',
    `column "${column}" (role illicit): ${JSON.stringify(v)} is not 0 or 1`,
    { ...at, field: column },
    'the outcome of an inspection is 1 (illicit) or 0 (clean); leave it blank when not inspected',
  );
}

/**
 * A declaration with `items` as one row per goods item, for statistics: each
 * item with its header's fields; a label on the header is every item's, an
 * item's own label overrides it. A flat record is its own one row.
 */
function itemRows(raw: Record<string, unknown>): Record<string, unknown>[] {
  if (!Array.isArray(raw.items)) return [raw];
  const { items, function: _f, message: _m, amends: _a, ...header } = raw;
  return (items as unknown[]).map((item) => ({ ...header, ...(item as Record<string, unknown>) }));
}
