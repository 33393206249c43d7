import { createReadStream } from 'node:fs';
import { parse, type Parser } from 'csv-parse';
import { RecordError } from '../errors.js';

/** One CSV record as its fields, with the line it ends on (the header is line 1). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export interface CsvBatch {
  header: string[];
  records: CsvRecord[];
}

/**
 * A CSV file as batches of records, for reading a million-row history fast:
 * csv-parse in array mode with one await per chunk of the file instead of one
 * per record (that per-record await costs more than parsing).
 */
export async function* csvBatches(file: string): AsyncGenerator<CsvBatch> {
  const parser: Parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: true });
  let header: string[] | undefined;
  let records: CsvRecord[] = [];
  parser.on('data', (fields: string[]) => {
    if (!header) header = fields.map((f) => f.trim());
    else records.push({ line: parser.info.lines, fields });
  });
  const failed = new Promise<never>((_, reject) => parser.on('error', reject));
  failed.catch(() => undefined);
  const write = (chunk: Buffer | undefined): Promise<void> =>
    Promise.race([
      failed,
      new Promise<void>((resolve) => (chunk ? parser.write(chunk, () => resolve()) : parser.end(resolve))),
    ]);
  try {
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
      await write(chunk);
      if (records.length > 0 && header) {
        yield { header, records };
        records = [];
      }
    }
    await write(undefined);
  } catch (e) {
    // A file that cannot be opened is no quoting problem: it goes up as it is, to be reported as such.
    if ((e as NodeJS.ErrnoException).syscall) throw e;
    throw new RecordError(
      'BAD_CSV',
      `unreadable CSV (${(e as Error).message})`,
      { file, line: parser.info.lines },
      'check quoting on that line',
    );
  }
  if (records.length > 0 && header) yield { header, records };
}
