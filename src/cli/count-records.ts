import { createReadStream, statSync } from 'node:fs';

/**
 * Records in a CSV or NDJSON file, for a progress bar's total: lines, less a CSV's header row, plus a last line
 * without a newline. 0 (no bar) when the file is small, unreadable or nobody watches.
 */
export async function countRecordsIfLarge(file: string, minBytes = 2_000_000): Promise<number> {
  let size = 0;
  try {
    size = statSync(file).size;
  } catch {
    return 0;
  }
  if (size === 0 || size < minBytes || !process.stderr.isTTY) return 0;
  let lines = 0;
  let first: number | undefined;
  let last = 10;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    first ??= chunk.find((b) => b > 32);
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    if (chunk.length) last = chunk[chunk.length - 1];
  }
  if (last !== 10) lines++;
  // An NDJSON file starts with "{"; anything else is read as CSV, whose first line names the columns.
  return first === 0x7b ? lines : Math.max(0, lines - 1);
}
