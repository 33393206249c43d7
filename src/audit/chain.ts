import { GENESIS_HASH, recordHash, sealRecord, type AuditEntry, type AuditRecord } from './record.js';

/** The last link of a chain: where the next record attaches. */
export interface ChainHead {
  seq: number;
  hash: string;
}

export const GENESIS: ChainHead = { seq: 0, hash: GENESIS_HASH };

/** Seals entries one after the other from `head`, in place (each entry becomes its record). Pure: the caller stores them. */
export function appendRecords(head: ChainHead, entries: AuditEntry[]): AuditRecord[] {
  chainEntries(head, entries);
  return entries as AuditRecord[];
}

/** appendRecords, returning the records' stored JSON as one JSON array (a stream entry's value). */
export function chainEntries(head: ChainHead, entries: AuditEntry[]): string {
  if (!HEX64.test(head.hash))
    throw new Error(
      `the chain head's hash is not a sha256 (${JSON.stringify(head.hash).slice(0, 80)}): run \`targeting audit verify\``,
    );
  const stored = new Array<string>(entries.length);
  let { seq, hash } = head;
  for (let i = 0; i < entries.length; i++) {
    stored[i] = sealRecord(entries[i], ++seq, hash);
    hash = (entries[i] as AuditRecord).hash;
  }
  // Brackets inside the join: one flat string, not a rope that every reader of it (hash, byteLength, encode) flattens again.
  if (stored.length === 0) return '[]';
  stored[0] = `[${stored[0]}`;
  stored[stored.length - 1] += ']';
  return stored.join(',');
}

export type BreakKind = 'altered' | 'removed' | 'reordered' | 'truncated';

/** The first place where the chain stops proving what it holds. */
export interface ChainBreak {
  kind: BreakKind;
  /** 0-based position in the verified sequence. */
  index: number;
  /** Seq of the record the break is reported on (the earliest that may be wrong). */
  seq?: number;
  /** Storage reference of that record (stream entry id, file line). */
  ref?: string;
  message: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  first?: ChainHead;
  last?: ChainHead;
  break?: ChainBreak;
}

/** A stored record (parsed or not) and where it was read from. */
export interface Located {
  record: unknown;
  ref?: string;
}

export interface VerifyOptions {
  /**
   * Where the chain must start: GENESIS for a complete log, the retention anchor
   * after trimming. Absent: trust the first record's link (verify from the middle).
   */
  start?: ChainHead;
  /** The head the log says it has: records missing at the tail are reported as truncated. */
  expectHead?: ChainHead;
}

/**
 * Walks records in stored order and reports the first altered, removed or
 * reordered one. Reads its input once (pages of a stream, lines of a file), so a
 * retained log of any length verifies in constant memory.
 */
export async function verifyChain(
  records: Iterable<Located> | AsyncIterable<Located>,
  opts: VerifyOptions = {},
): Promise<VerifyResult> {
  const iterator = toAsyncIterator(records);
  let prev: ChainHead | undefined = opts.start;
  let prevRef: string | undefined;
  let first: ChainHead | undefined;
  let index = 0;
  const done = (b?: ChainBreak): VerifyResult => ({
    ok: !b,
    checked: index,
    ...(first ? { first } : {}),
    ...(prev && index > 0 ? { last: prev } : {}),
    ...(b ? { break: b } : {}),
  });

  for (let next = await iterator.next(); !next.done; next = await iterator.next(), index++) {
    const { record, ref } = next.value;
    const at = { index, ...(ref !== undefined ? { ref } : {}) };
    const problem = malformed(record);
    if (problem) return done({ kind: 'altered', ...at, message: `record is malformed (${problem})` });
    const r = record as AuditRecord;
    const place = { ...at, seq: r.seq };
    if (recordHash(r) !== r.hash) {
      return done({ kind: 'altered', ...place, message: `seq ${r.seq}: content does not match its hash` });
    }
    const expected = prev ?? { seq: r.seq - 1, hash: r.prev };
    if (r.seq > expected.seq + 1) {
      const missing = expected.seq + 1;
      const later = await findSeq(iterator, missing);
      const what = missing === r.seq - 1 ? `seq ${missing}` : `seqs ${missing}–${r.seq - 1}`;
      return done(
        later
          ? { kind: 'reordered', ...place, message: `seq ${r.seq} is stored before seq ${missing}` }
          : { kind: 'removed', ...place, message: `${what} missing before seq ${r.seq}` },
      );
    }
    if (r.seq <= expected.seq) {
      return done({ kind: 'reordered', ...place, message: `seq ${r.seq} is stored after seq ${expected.seq}` });
    }
    if (r.prev !== expected.hash) {
      // The predecessor was changed and re-hashed, or this record's link was: report the earlier one.
      return done(
        index === 0
          ? {
              kind: 'altered',
              ...place,
              message: `seq ${r.seq} does not link to the chain start (seq ${expected.seq})`,
            }
          : {
              kind: 'altered',
              index: index - 1,
              seq: expected.seq,
              ...(prevRef !== undefined ? { ref: prevRef } : {}),
              message: `seq ${expected.seq} is not the record seq ${r.seq} was chained to (altered and re-hashed)`,
            },
      );
    }
    prev = { seq: r.seq, hash: r.hash };
    prevRef = ref;
    first ??= prev;
  }
  return done(tailBreak(prev, opts.expectHead, index, prevRef));
}

function tailBreak(
  last: ChainHead | undefined,
  head: ChainHead | undefined,
  index: number,
  ref?: string,
): ChainBreak | undefined {
  if (!head) return undefined;
  const lastSeq = last?.seq ?? 0;
  if (lastSeq < head.seq) {
    return {
      kind: 'truncated',
      index,
      message: `records after seq ${lastSeq} are missing (the log's head is seq ${head.seq})`,
    };
  }
  if (lastSeq === head.seq && last && last.hash !== head.hash) {
    return {
      kind: 'altered',
      index: index - 1,
      seq: lastSeq,
      ...(ref !== undefined ? { ref } : {}),
      message: `seq ${lastSeq} differs from the head recorded at append time`,
    };
  }
  return undefined;
}

async function findSeq(iterator: AsyncIterator<Located>, seq: number): Promise<boolean> {
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    const r = next.value.record as Partial<AuditRecord> | null;
    if (r && typeof r === 'object' && r.seq === seq) return true;
  }
  return false;
}

const HEX64 = /^[0-9a-f]{64}$/;

function malformed(record: unknown): string | undefined {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return 'not a JSON object';
  const r = record as Record<string, unknown>;
  if (!Number.isSafeInteger(r.seq) || (r.seq as number) < 1) return 'seq';
  if (typeof r.prev !== 'string' || !HEX64.test(r.prev)) return 'prev';
  if (typeof r.hash !== 'string' || !HEX64.test(r.hash)) return 'hash';
  return undefined;
}

function toAsyncIterator<T>(source: Iterable<T> | AsyncIterable<T>): AsyncIterator<T> {
  if (Symbol.asyncIterator in source) return (source as AsyncIterable<T>)[Symbol.asyncIterator]();
  const it = (source as Iterable<T>)[Symbol.iterator]();
  return { next: async () => it.next() };
}
