import { TargetingError } from '../errors.js';
import { toDeclaration, type Declaration } from './declaration.js';
import { groupRows } from './group-rows.js';
import type { RowMapper } from './read.js';
import { formatOf, readRaw, type InputFormat, type RawItem } from './read-lines.js';
import { readWcoDeclarations } from './wco.js';

/** A declaration read, or why not: with the raw record when the source had one (a CSV row, an NDJSON line). */
export type ReadDeclaration =
  | { line: number; declaration: Declaration }
  | { line: number; id?: string; error: TargetingError; raw?: Record<string, unknown> };

export interface ReadDeclarationsOptions {
  format?: InputFormat;
  mapRow?: RowMapper;
}

/**
 * Every declaration of a CSV, NDJSON or WCO DM XML file, validated, or a
 * rejection naming the line (and the field or XML path). NDJSON lines and
 * queue jobs are declaration objects (flat, or with `items`); CSV rows with
 * an item number are grouped into declarations (group-rows.ts).
 */
export async function* readDeclarations(
  file: string,
  opts: ReadDeclarationsOptions = {},
): AsyncGenerator<ReadDeclaration> {
  const format = opts.format ?? formatOf(file);
  if (format === 'wco') return yield* readWcoDeclarations(file);
  const rows = mapped(readRaw(file, format), opts.mapRow);
  for await (const item of format === 'csv' ? groupRows(rows, file) : rows) {
    if ('error' in item) {
      yield item;
      continue;
    }
    try {
      yield { line: item.line, declaration: toDeclaration(item.raw, { line: item.line }) };
    } catch (e) {
      if (!(e instanceof TargetingError)) throw e;
      const id = e.where.record ?? rawId(item.raw);
      yield { line: item.line, ...(id ? { id } : {}), error: e, raw: item.raw };
    }
  }
}

async function* mapped(rows: AsyncIterable<RawItem>, mapRow: RowMapper | undefined): AsyncGenerator<RawItem> {
  for await (const row of rows) {
    if (!mapRow || 'error' in row) yield row;
    else {
      try {
        yield { line: row.line, raw: mapRow(row.raw, row.line) };
      } catch (e) {
        if (!(e instanceof TargetingError)) throw e;
        yield { line: row.line, error: e as never };
      }
    }
  }
}

function rawId(raw: Record<string, unknown>): string | undefined {
  const v = raw.id;
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}
