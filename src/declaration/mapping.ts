import { Option, type Command } from 'commander';
import { MappingError, TargetingError } from '../errors.js';
import type { RowMapper } from './read.js';
import { CORE_AMOUNT_FIELDS, CORE_TEXT_FIELDS } from './record.js';
import { isObject } from '../is-object.js';
import { parseJson, readText } from '../text-input.js';

/** What a source column means. Only `id` is required; an absent role switches off the features needing it. */
export const ROLES = [
  'id',
  ...CORE_TEXT_FIELDS,
  ...CORE_AMOUNT_FIELDS,
  'grossWeight',
  'destination',
  'procedure',
  'preference',
  'description',
  /** Goods item number: rows with one are grouped into declarations by `id` (declaration/group-rows.ts). */
  'itemNumber',
  'illicit',
  'revenue',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles that are outcomes of a past inspection, not attributes of the declaration. */
export const LABEL_ROLES: readonly Role[] = ['illicit', 'revenue'];

/** `{"columns": {ROLE: "CSV column"}, "categorical": [...], "numeric": [...]}` */
export interface Mapping {
  columns: Partial<Record<Role, string>>;
  /** Extra columns profiled like the built-in categorical attributes. */
  categorical: string[];
  /** Extra columns parsed as numbers and available as facts. */
  numeric: string[];
}

/** Without `--mapping`: every role read from the column of the same name. */
export const BUILT_IN_MAPPING: Mapping = {
  columns: Object.fromEntries(ROLES.map((r) => [r, r])) as Record<Role, string>,
  categorical: [],
  numeric: [],
};

export function loadMapping(file: string): Mapping {
  const text = readText(file, MappingError, 'MAPPING_UNREADABLE', 'the mapping file');
  const value = parseJson(
    text,
    (why) =>
      new MappingError(
        'MAPPING_NOT_JSON',
        `the mapping file is not JSON (${why})`,
        { file },
        'expected {"columns": {"id": "…"}, "categorical": [], "numeric": []}',
      ),
  );
  return parseMapping(value, file);
}

export function parseMapping(value: unknown, file?: string): Mapping {
  const fail = (path: string, problem: string, hint?: string): never => {
    throw new MappingError('BAD_MAPPING', problem, { file, path }, hint);
  };
  if (!isObject(value))
    return fail(
      '$',
      'a mapping is a JSON object',
      'expected {"columns": {...}, "categorical": [...], "numeric": [...]}',
    );
  for (const key of Object.keys(value)) {
    if (!['columns', 'categorical', 'numeric'].includes(key))
      fail(key, `unknown key "${key}"`, 'a mapping has "columns", "categorical" and "numeric"');
  }
  if (!isObject(value.columns)) return fail('columns', '"columns" must be an object of role → CSV column');
  const columns: Partial<Record<Role, string>> = {};
  for (const [role, column] of Object.entries(value.columns)) {
    if (!(ROLES as readonly string[]).includes(role))
      fail(`columns.${role}`, `unknown role "${role}"`, `roles are ${ROLES.join(', ')}`);
    if (typeof column !== 'string' || column === '')
      fail(`columns.${role}`, 'a column name must be a non-empty string');
    columns[role as Role] = column as string;
  }
  if (!columns.id) fail('columns.id', 'the "id" role is required', 'name the column that identifies each declaration');
  const list = (key: 'categorical' | 'numeric'): string[] => {
    const v = value[key] ?? [];
    if (!Array.isArray(v) || v.some((c) => typeof c !== 'string' || c === ''))
      return fail(key, `"${key}" must be a list of column names`);
    return v as string[];
  };
  const mapping = { columns, categorical: list('categorical'), numeric: list('numeric') };
  const seen = new Map<string, string>();
  for (const [role, column] of Object.entries(columns)) seen.set(column, role);
  for (const column of [...mapping.categorical, ...mapping.numeric]) {
    if (seen.has(column))
      fail(column, `column "${column}" is used twice (${seen.get(column)})`, 'a column has one meaning');
    if ((ROLES as readonly string[]).includes(column))
      fail(column, `extra column "${column}" has a built-in role's name`, 'map it under "columns" instead');
    seen.set(column, 'extra');
  }
  return mapping;
}

/** Every column the mapping reads, for checking a file's header. */
export function mappedColumns(mapping: Mapping): string[] {
  return [...Object.values(mapping.columns), ...mapping.categorical, ...mapping.numeric] as string[];
}

/** Fails at once (not row by row) when the file lacks a column the mapping names. */
export function checkHeader(mapping: Mapping, header: readonly string[], file?: string): void {
  const have = new Set(header);
  for (const [role, column] of Object.entries(mapping.columns)) {
    if (!have.has(column!)) {
      throw new MappingError(
        'MISSING_COLUMN',
        `column "${column}" (role ${role}) is not in the file`,
        { file, line: 1, field: column },
        `the header has: ${header.join(', ')}`,
      );
    }
  }
  for (const column of [...mapping.categorical, ...mapping.numeric]) {
    if (!have.has(column))
      throw new MappingError(
        'MISSING_COLUMN',
        `column "${column}" is not in the file`,
        { file, line: 1, field: column },
        `the header has: ${header.join(', ')}`,
      );
  }
}

/**
 * Renames a source row's columns to roles, keeps extra categorical columns as
 * they are and parses extra numeric ones; label roles and unmapped columns are
 * left out (labels are read by readLabelled).
 */
export function createRowMapper(mapping: Mapping, file?: string): RowMapper {
  const pairs = Object.entries(mapping.columns).filter(([role]) => !LABEL_ROLES.includes(role as Role)) as [
    string,
    string,
  ][];
  return (row, line) => {
    const out: Record<string, unknown> = {};
    for (const [role, column] of pairs) out[role] = row[column];
    for (const column of mapping.categorical) out[column] = row[column];
    for (const column of mapping.numeric) out[column] = parseNumber(row[column], column, { file, line });
    return out;
  };
}

/** A number from a source cell: blank is absent, anything unparsable is an error naming the column. */
export function parseNumber(v: unknown, column: string, at: { file?: string; line?: number }): number | undefined {
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.trim()) : Number.NaN;
  if (!Number.isFinite(n))
    throw new MappingError('BAD_NUMBER', `column "${column}": ${JSON.stringify(v)} is not a number`, {
      ...at,
      field: column,
    });
  return n;
}

/** Source column for an error reported against a role (validate.ts names roles). */
export function columnOf(mapping: Mapping, field: string | undefined): string | undefined {
  return field === undefined ? undefined : (mapping.columns[field as Role] ?? field);
}

/** Restates a validation error in the file's terms: the column the analyst sees, not the role. */
export function inFileTerms(e: TargetingError, mapping: Mapping, file?: string): TargetingError {
  const column = columnOf(mapping, e.where.field);
  if (column === e.where.field && (e.where.file || !file)) return e;
  const problem = e.message.replace(/^.*?: /, '');
  return new MappingError(
    e.code,
    column !== e.where.field ? `column "${column}" (role ${e.where.field}): ${problem}` : problem,
    { ...e.where, file: e.where.file ?? file, field: column },
  );
}

export interface ErrorBudgetOptions {
  /** Stop past this many rejected rows; default: 1 % of the rows read, at least 10. */
  maxErrors?: number;
  file?: string;
}

/**
 * Counts rejected rows and stops the run only once they pass a threshold, so a
 * few bad rows in a large history are reported and skipped while a wrong
 * mapping (every row failing) stops early with its first error.
 */
export class ErrorBudget {
  errors = 0;
  rows = 0;
  first?: TargetingError;

  constructor(private readonly opts: ErrorBudgetOptions = {}) {}

  ok(): void {
    this.rows++;
  }

  reject(e: TargetingError): void {
    this.rows++;
    this.errors++;
    this.first ??= e;
    const limit = this.opts.maxErrors ?? Math.max(10, Math.floor(this.rows * 0.01));
    if (this.errors > limit) {
      throw new MappingError(
        'TOO_MANY_ERRORS',
        `stopped after ${this.errors} rejected rows out of ${this.rows} read (limit ${limit}); first: ${this.first.message}`,
        { file: this.opts.file },
        'check the mapping file against the CSV header, or raise --max-errors',
      );
    }
  }
}

/** Adds `--mapping FILE` and `--max-errors N` to a command. */
export function addMappingOptions(cmd: Command): Command {
  return cmd
    .option('--mapping <file>', 'mapping file: which CSV column plays which role (default: built-in field names)')
    .addOption(
      new Option('--max-errors <n>', 'stop past this many rejected rows (default: 1 % of rows, at least 10)').argParser(
        (v) => {
          const n = Number(v);
          if (!Number.isInteger(n) || n < 0)
            throw new MappingError('BAD_OPTION', `--max-errors "${v}" is not a whole number`);
          return n;
        },
      ),
    );
}

export function mappingFromOptions(opts: { mapping?: string }): Mapping {
  return opts.mapping ? loadMapping(opts.mapping) : BUILT_IN_MAPPING;
}
