import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Cluster, Redis } from 'ioredis';
import { GENESIS, verifyChain, type ChainHead, type Located, type VerifyResult } from './chain.js';
import { compareEntryIds } from './entry-id.js';
import { auditKeys, parseEntry, parseHead, recordRef } from './keys.js';
import type { MirrorLine } from './mirror.js';

export interface StreamVerifyResult extends VerifyResult {
  /** Where verification started: the retention anchor, genesis, or the record named by `from`. */
  start: 'genesis' | 'anchor' | 'from';
  anchor?: ChainHead;
  head?: ChainHead;
}

/** Stream entries per read: an entry holds one append's records (up to a few thousand). */
const PAGE = 50;

/**
 * Verifies the audit stream from its start (genesis or retention anchor), or
 * from entry `from` on, against the head written with the last append.
 */
export async function verifyStream(
  redis: Redis | Cluster,
  stream: string,
  opts: { from?: string } = {},
): Promise<StreamVerifyResult> {
  const keys = auditKeys(stream);
  // Anchor, head and first page in one transaction: a trim or append between them would look like tampering.
  const snapshot = await redis
    .multi()
    .get(keys.anchor)
    .get(keys.head)
    .xrange(stream, opts.from ?? '-', '+', 'COUNT', PAGE)
    .exec();
  if (!snapshot) throw new Error('audit verify: snapshot transaction aborted');
  const [anchorText, headText, firstPage] = snapshot.map(([err, v]) => {
    if (err) throw err;
    return v;
  }) as [string | null, string | null, [string, string[]][]];
  const anchor = parseHead(anchorText);
  const head = parseHead(headText);
  const start = opts.from ? 'from' : anchor ? 'anchor' : 'genesis';

  async function* entries(): AsyncGenerator<Located> {
    let page = firstPage;
    while (page.length > 0) {
      for (const e of page) {
        const { id, records } = parseEntry(e);
        for (let k = 0; k < records.length; k++) {
          const seq = (records[k] as { seq?: unknown } | null)?.seq;
          // Appends after the snapshot are not covered by its head: stop at it.
          if (head && typeof seq === 'number' && seq > head.seq) return;
          yield { record: records[k], ref: recordRef(id, k) };
        }
      }
      if (page.length < PAGE) return;
      page = (await redis.xrange(stream, `(${page[page.length - 1][0]}`, '+', 'COUNT', PAGE)) as [string, string[]][];
    }
  }

  let result = await verifyChain(entries(), {
    ...(start === 'from' ? {} : { start: anchor ?? GENESIS }),
    ...(head ? { expectHead: head } : {}),
  });
  if (result.ok && !head && result.checked > 0) {
    // Every append writes the head: records without one mean it was deleted, and a cut tail would not show.
    result = {
      ...result,
      ok: false,
      break: { kind: 'truncated', index: result.checked, message: `the head key ${keys.head} is missing` },
    };
  }
  return { ...result, start, ...(anchor ? { anchor } : {}), ...(head ? { head } : {}) };
}

/**
 * Verifies an NDJSON mirror. A mirror started after records were trimmed from
 * Redis starts past seq 1: it then verifies from its first record's link.
 */
export async function verifyFile(
  file: string,
  opts: { from?: string } = {},
): Promise<VerifyResult & { start: 'genesis' | 'from' | 'first' }> {
  async function* lines(): AsyncGenerator<Located> {
    const input = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    let n = 0;
    for await (const text of input) {
      n++;
      if (text.trim() === '') continue;
      let line: Partial<MirrorLine> | null;
      try {
        line = JSON.parse(text) as Partial<MirrorLine>;
      } catch {
        line = null;
      }
      const ref = `${file}:${n}${line?.entry ? ` (${line.entry})` : ''}`;
      if (opts.from && !(line?.entry && compareEntryIds(line.entry, opts.from) >= 0)) continue;
      yield { record: line?.record ?? null, ref };
    }
  }
  const first = await firstSeq(lines());
  const start = opts.from ? 'from' : first === undefined || first <= 1 ? 'genesis' : 'first';
  const result = await verifyChain(lines(), start === 'genesis' ? { start: GENESIS } : {});
  return { ...result, start };
}

async function firstSeq(source: AsyncGenerator<Located>): Promise<number | undefined> {
  for await (const { record } of source) {
    const seq = (record as { seq?: unknown } | null)?.seq;
    await source.return(undefined);
    return typeof seq === 'number' ? seq : undefined;
  }
  return undefined;
}
