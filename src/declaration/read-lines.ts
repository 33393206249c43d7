import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { RecordError } from '../errors.js';
import { csvBatches } from './csv-batches.js';

/** One source record before validation: the raw fields, or why the line is unreadable. */
export type RawItem = { line: number; raw: Record<string, unknown> } | { line: number; error: RecordError };

export type InputFormat = 'csv' | 'ndjson';

export function formatOf(file: string): InputFormat {
  return /\.(ndjson|jsonl|json)$/i.test(file) ? 'ndjson' : 'csv';
}

export function readRaw(file: string, format: InputFormat = formatOf(file)): AsyncGenerator<RawItem> {
  return format === 'csv' ? readCsv(file) : readNdjson(file);
}

/** CSV with a header row; line numbers count the header as line 1. Fields are trimmed. */
async function* readCsv(file: string): AsyncGenerator<RawItem> {
  for await (const { header, records } of csvBatches(file)) {
    for (const { line, fields } of records) {
      if (fields.length !== header.length) {
        yield {
          line,
          error: new RecordError(
            'BAD_LINE',
            `wrong number of columns: ${fields.length}, the header has ${header.length}`,
            { file, line },
            'every row needs as many columns as the header',
          ),
        };
        continue;
      }
      const raw: Record<string, unknown> = {};
      for (let i = 0; i < header.length; i++) raw[header[i]] = fields[i].trim();
      yield { line, raw };
    }
  }
}

async function* readNdjson(file: string): AsyncGenerator<RawItem> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(text);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        yield { line, error: new RecordError('BAD_RECORD', 'a line must hold one JSON object', { file, line }) };
      } else {
        yield { line, raw: value as Record<string, unknown> };
      }
    } catch (e) {
      yield {
        line,
        error: new RecordError(
          'BAD_JSON',
          `unparsable JSON (${(e as Error).message})`,
          { file, line },
          'one JSON object per line',
        ),
      };
    }
  }
}
