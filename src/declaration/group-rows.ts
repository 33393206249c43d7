import { RecordError } from '../errors.js';
import type { RawItem } from './read-lines.js';
import { HEADER_FIELDS } from './record.js';

const HEADER = new Set<string>(HEADER_FIELDS);

/**
 * CSV rows (already renamed to roles) as declarations: a row with an
 * `itemNumber` is one goods item of the declaration its `id` names, and the
 * rows of one declaration must be adjacent, so a declaration is complete when
 * the next id starts and nothing but the current one is held in memory. The
 * header is read from its first row. A row of a declaration already closed
 * (rows not adjacent) is rejected, naming the line its declaration started
 * on: sort the file by declaration id. Spotting that costs a set of the ids
 * seen (tens of bytes per declaration). Rows without an item number are flat
 * records, as before.
 */
export async function* groupRows(rows: AsyncIterable<RawItem>, file?: string): AsyncGenerator<RawItem> {
  let group: { id: string; line: number; rows: Record<string, unknown>[] } | undefined;
  const closed = new Map<string, number>();
  const close = (): RawItem | undefined => {
    if (!group) return undefined;
    const first = group.rows[0];
    const raw: Record<string, unknown> = {};
    for (const key of HEADER_FIELDS) if (first[key] !== undefined) raw[key] = first[key];
    raw.items = group.rows.map((row) => {
      const item: Record<string, unknown> = {};
      for (const key in row) if (!HEADER.has(key)) item[key] = row[key];
      return item;
    });
    closed.set(group.id, group.line);
    const out = { line: group.line, raw };
    group = undefined;
    return out;
  };
  for await (const row of rows) {
    const itemNumber = 'raw' in row ? row.raw.itemNumber : undefined;
    if (!('raw' in row) || itemNumber === undefined || itemNumber === '') {
      const done = close();
      if (done) yield done;
      yield row;
      continue;
    }
    const id = String(row.raw.id ?? '').trim();
    if (group && group.id === id) {
      group.rows.push(row.raw);
      continue;
    }
    const done = close();
    if (done) yield done;
    const started = closed.get(id);
    if (started !== undefined) {
      yield {
        line: row.line,
        error: new RecordError(
          'DECLARATION_NOT_ADJACENT',
          `a row of declaration "${id}", whose rows started on line ${started} and ended before another declaration`,
          { file, line: row.line, record: id },
          'the rows of one declaration must be adjacent: sort the file by declaration id, then item number',
        ),
      };
      continue;
    }
    group = { id, line: row.line, rows: [row.raw] };
  }
  const done = close();
  if (done) yield done;
}
