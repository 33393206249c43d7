import { DECLARATION_COLUMNS, type DeclarationRow } from './generate.js';

/** The CSV header line for generated declarations. */
export function csvHeader(columns: readonly string[] = DECLARATION_COLUMNS): string {
  return columns.map(csvField).join(',');
}

/** One CSV line (no newline) for a row, columns in the given order. */
export function csvLine(row: DeclarationRow, columns: readonly string[] = DECLARATION_COLUMNS): string {
  let line = '';
  for (let i = 0; i < columns.length; i++) {
    if (i > 0) line += ',';
    const v = (row as unknown as Record<string, unknown>)[columns[i]];
    line += v === undefined ? '' : csvField(String(v));
  }
  return line;
}

/** RFC 4180 quoting, only where a value needs it. */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Writes rows as CSV to a stream in large chunks, waiting for the stream to
 * drain so a million rows never pile up in memory.
 */
export async function writeCsv(
  rows: Iterable<DeclarationRow>,
  out: NodeJS.WritableStream,
  columns: readonly string[] = DECLARATION_COLUMNS,
): Promise<number> {
  let count = 0;
  let chunk = `${csvHeader(columns)}\n`;
  for (const row of rows) {
    chunk += `${csvLine(row, columns)}\n`;
    if (++count % 10_000 === 0) {
      await write(out, chunk);
      chunk = '';
    }
  }
  await write(out, chunk);
  return count;
}

function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (text === '') return resolve();
    const ok = out.write(text, (err) => (err ? reject(err) : undefined));
    if (ok) resolve();
    else out.once('drain', resolve);
  });
}
