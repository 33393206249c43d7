import { createReadStream } from 'node:fs';
import { formatOf } from '../consignment/read-lines.js';

/** Non-blank lines of a file (less the CSV header): the progress bar's total, read ahead cheaply. */
export async function countRecords(file: string): Promise<number> {
  let lines = 0;
  let lineHasText = false;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (const byte of chunk) {
      if (byte === 10) {
        if (lineHasText) lines++;
        lineHasText = false;
      } else if (byte !== 13 && byte !== 32) {
        lineHasText = true;
      }
    }
  }
  if (lineHasText) lines++;
  return Math.max(0, formatOf(file) === 'csv' ? lines - 1 : lines);
}
