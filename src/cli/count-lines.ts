import { createReadStream, statSync } from 'node:fs';

/** Lines in a file, for a progress bar's total; 0 (no bar) when the file is small or unreadable. */
export async function countLinesIfLarge(file: string, minBytes = 2_000_000): Promise<number> {
  let size = 0;
  try {
    size = statSync(file).size;
  } catch {
    return 0;
  }
  if (size < minBytes || !process.stderr.isTTY) return 0;
  let lines = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  }
  return lines;
}
