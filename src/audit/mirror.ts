import { appendFileSync, closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Cluster, Redis } from 'ioredis';
import { createLogger } from '../log.js';
import { parseEntry, type AuditKeys } from './keys.js';
import type { AuditRecord } from './record.js';

/** One line of the NDJSON mirror: a record as stored and the stream entry holding it (one entry, one append: several lines). */
export interface MirrorLine {
  entry: string;
  record: unknown;
}

export interface FileMirror {
  readonly file: string;
  /** Appends every stream record after the last one mirrored, in stream (= chain) order. */
  catchUp(conn: Redis | Cluster, keys: AuditKeys): Promise<number>;
}

/** Stream entries per read: an entry holds one append's records. */
const PAGE = 50;
const log = createLogger('audit');

/**
 * The file mirror follows the stream rather than the writes of one process: with
 * several workers on one log, each worker's mirror still holds the whole chain
 * in order, and the file outlives Redis retention.
 */
export function createFileMirror(file: string): FileMirror {
  const tail = lastMirrored(file);
  let lastEntry = tail?.entry;
  let lastSeq = (tail?.record as AuditRecord | null | undefined)?.seq;
  return {
    file,
    async catchUp(conn, keys) {
      let written = 0;
      for (;;) {
        const start = lastEntry ? `(${lastEntry}` : '-';
        const page = (await conn.xrange(keys.stream, start, '+', 'COUNT', PAGE)) as [string, string[]][];
        if (page.length === 0) return written;
        let lines = '';
        for (const e of page) {
          const { id, records } = parseEntry(e);
          for (const record of records) {
            const seq = (record as AuditRecord | null)?.seq;
            if (lastSeq !== undefined && seq !== lastSeq + 1) {
              log.error(
                { file, after: lastSeq, got: seq },
                'audit mirror gap: records were trimmed before they were mirrored',
              );
            }
            lastSeq = seq;
            lines += `${JSON.stringify({ entry: id, record } satisfies MirrorLine)}\n`;
            written++;
          }
        }
        appendFileSync(file, lines);
        lastEntry = page[page.length - 1][0];
      }
    },
  };
}

const TAIL_BYTES = 1 << 16;

/** The last line of the mirror, read from the end so a large file costs nothing at start-up. */
function lastMirrored(file: string): MirrorLine | undefined {
  if (!existsSync(file)) return undefined;
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, TAIL_BYTES);
    const buf = Buffer.alloc(length);
    readSync(fd, buf, 0, length, size - length);
    const lines = buf.toString('utf8').trimEnd().split('\n');
    const last = lines[lines.length - 1];
    return last ? (JSON.parse(last) as MirrorLine) : undefined;
  } finally {
    closeSync(fd);
  }
}
