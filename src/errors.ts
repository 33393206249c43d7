import type { ErrorCode } from './error-codes.js';

/**
 * Errors are values a user can act on: each carries a stable `code`, where the
 * problem is (file, line, record, field, rule, JSON path) and what to do about it.
 * `message` is the one-line text printed to an analyst or operator.
 */
export interface ErrorLocation {
  file?: string;
  line?: number;
  column?: number;
  record?: string;
  field?: string;
  rule?: string;
  path?: string;
}

export class TargetingError extends Error {
  readonly code: ErrorCode;
  readonly where: ErrorLocation;
  readonly hint?: string;

  constructor(code: ErrorCode, problem: string, where: ErrorLocation = {}, hint?: string) {
    super(formatMessage(problem, where, hint));
    this.name = new.target.name;
    this.code = code;
    this.where = where;
    this.hint = hint;
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, ...this.where, ...(this.hint ? { hint: this.hint } : {}) };
  }
}

/** A consignment record that cannot be scored (bad field, unparsable line). */
export class RecordError extends TargetingError {}

/** A rule-set, watchlist or rule-test file that does not load. */
export class RuleSetError extends TargetingError {}

/** Configuration that prevents a process from starting (bad URL, missing file). */
export class ConfigError extends TargetingError {}

/** Data that cannot support what was asked of it (a training set with one outcome only). */
export class DatasetError extends TargetingError {}

/** A mapping file or a dataset column that does not fit the mapping. */
export class MappingError extends TargetingError {}

/** A profile file that cannot be read or does not match the expected format. */
export class ProfileError extends TargetingError {}

/** A model file (or a LightGBM model to import) that cannot be read, is malformed, or does not fit the facts in use. */
export class ModelError extends TargetingError {}

function formatMessage(problem: string, where: ErrorLocation, hint?: string): string {
  const place: string[] = [];
  if (where.file) {
    let f = where.file;
    if (where.line !== undefined) f += `:${where.line}`;
    if (where.column !== undefined) f += `:${where.column}`;
    place.push(f);
  } else if (where.line !== undefined) {
    place.push(`line ${where.line}`);
  }
  if (where.record !== undefined) place.push(`record ${where.record}`);
  if (where.rule !== undefined) place.push(`rule "${where.rule}"`);
  if (where.path !== undefined) place.push(`at ${where.path}`);
  if (where.field !== undefined) place.push(`field "${where.field}"`);
  const head = place.length ? `${place.join(', ')}: ` : '';
  return `${head}${problem}${hint ? ` — ${hint}` : ''}`;
}
