import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { RecordError, type TargetingError } from '../errors.js';
import { csvBatches } from './csv-batches.js';

/** One source record before validation: the raw fields, or why the line is unreadable. */
export type RawItem = { line: number; raw: Record<string, unknown> } | { line: number; error: TargetingError };

export type InputFormat = 'csv' | 'ndjson' | 'wco';

export const INPUT_FORMATS: readonly InputFormat[] = ['csv', 'ndjson', 'wco'];

/** By extension; a file of another name whose first character is `<` is XML (a WCO DM message). */
export function formatOf(file: string): InputFormat {
  if (/\.(ndjson|jsonl|json)$/i.test(file)) return 'ndjson';
  if (/\.xml$/i.test(file)) return 'wco';
  return startsWithMarkup(file) ? 'wco' : 'csv';
}

function startsWithMarkup(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buf = Buffer.alloc(512);
    const text = buf
      .subarray(0, readSync(fd, buf, 0, 512, 0))
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    return text.trimStart().startsWith('<');
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Raw records of a CSV or NDJSON file (a WCO file is read by declaration/wco.ts). */
export function readRaw(file: string, format: InputFormat = formatOf(file)): AsyncGenerator<RawItem> {
  if (format === 'wco')
    throw new RecordError(
      'NOT_ROWS',
      'a WCO DM XML file holds declarations, not rows',
      { file },
      'read it with readDeclarations',
    );
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
