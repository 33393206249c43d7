import { TargetingError } from '../errors.js';
import type { Consignment } from './record.js';
import { readRaw, type InputFormat } from './read-lines.js';
import { toConsignment } from './validate.js';

/** Renames a source row's columns to built-in field names (declaration/mapping.ts). */
export type RowMapper = (row: Record<string, unknown>, line: number) => Record<string, unknown>;

export type ReadItem =
  { line: number; consignment: Consignment } | { line: number; id?: string; error: TargetingError };

export interface ReadOptions {
  format?: InputFormat;
  mapRow?: RowMapper;
}

/**
 * Every line of a CSV or NDJSON file as a validated consignment or a rejection
 * that names the line, the field and the problem. Nothing is skipped silently.
 */
export async function* readConsignments(file: string, opts: ReadOptions = {}): AsyncGenerator<ReadItem> {
  for await (const item of readRaw(file, opts.format)) {
    if ('error' in item) {
      yield item;
      continue;
    }
    try {
      const row = opts.mapRow ? opts.mapRow(item.raw, item.line) : item.raw;
      yield { line: item.line, consignment: toConsignment(row, { line: item.line }) };
    } catch (e) {
      if (!(e instanceof TargetingError)) throw e;
      const id = e.where.record ?? rawId(item.raw);
      yield { line: item.line, ...(id ? { id } : {}), error: e };
    }
  }
}

function rawId(raw: Record<string, unknown>): string | undefined {
  const v = raw.id;
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

/** The NDJSON line written for a rejected record. */
export function rejectionLine(item: { line: number; id?: string; error: TargetingError }): Record<string, unknown> {
  return { line: item.line, ...(item.id !== undefined ? { id: item.id } : {}), error: item.error.message };
}
