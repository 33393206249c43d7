import type { RedisClient as Redis } from '../queue/connection.js';
import { GENESIS, type ChainHead } from '../audit/chain.js';
import { entryIdAfter } from '../audit/entry-id.js';
import { auditKeys, parseHead, RECORD_FIELD } from '../audit/keys.js';
import { recordHash } from '../audit/record.js';

/** What an officer or analyst did, for the console's audit chain: who, when, what. */
export interface ConsoleEvent {
  event: 'view' | 'result' | 'status' | 'login' | 'user';
  user: string;
  role: string;
  /** Declaration id, when the event is about one. */
  id?: string;
  /** The result recorded, the status set, the user added… (never a password). */
  detail?: Record<string, unknown>;
}

export interface ConsoleAuditRecord extends ConsoleEvent {
  v: 1;
  kind: 'console';
  at: string;
  seq: number;
  prev: string;
  hash: string;
}

/** A caller's writes in the MULTI that appends its record (which it may refer to). */
type Extra = (tx: ReturnType<Redis['multi']>, record: ConsoleAuditRecord) => void;

export interface ConsoleAudit {
  readonly stream: string;
  append(event: ConsoleEvent, extra?: Extra): Promise<ConsoleAuditRecord>;
  close(): Promise<void>;
}

const MAX_ATTEMPTS = 20;

/**
 * The console's own hash chain, laid out like the decisions' (audit/keys.ts:
 * stream, head, index, anchor), so `targeting audit verify --stream KEY`
 * verifies it and `audit trim` applies retention to it. Appends are serialised
 * in the process and optimistic across processes (WATCH on the head); a
 * caller's writes (`extra`) go in the same MULTI, so an event and what it
 * records are stored together or not at all.
 */
export function consoleAuditLog(redis: Redis, stream: string, now: () => Date = () => new Date()): ConsoleAudit {
  const keys = auditKeys(stream);
  const conn = redis.duplicate(); // WATCH is per connection: this one runs nothing else
  let queue: Promise<unknown> = Promise.resolve();

  async function headOf(): Promise<ChainHead & { entry?: string }> {
    const head = parseHead(await conn.get(keys.head));
    if (head) return head;
    return parseHead(await conn.get(keys.anchor)) ?? GENESIS;
  }

  async function appendOnce(event: ConsoleEvent, extra?: Extra) {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      await conn.watch(keys.head);
      const head = await headOf();
      const body = { v: 1 as const, kind: 'console' as const, at: now().toISOString(), ...event };
      const unsealed = { ...body, seq: head.seq + 1, prev: head.hash };
      const record: ConsoleAuditRecord = { ...unsealed, hash: recordHash(unsealed as never) };
      const entry = entryIdAfter(head.entry, Date.now());
      const tx = conn.multi();
      tx.xadd(keys.stream, entry, RECORD_FIELD, JSON.stringify([record]));
      tx.set(keys.head, JSON.stringify({ seq: record.seq, hash: record.hash, entry }));
      tx.zadd(keys.index, record.seq, entry);
      extra?.(tx, record);
      const replies = await tx.exec();
      if (replies === null) continue; // another console appended in between: chain onto its record
      for (const [err] of replies) if (err) throw err;
      return record;
    }
    throw new Error(`console audit ${stream}: the head kept changing (${MAX_ATTEMPTS} attempts)`);
  }

  return {
    stream,
    append(event, extra) {
      const run = queue.then(() => appendOnce(event, extra));
      queue = run.catch(() => undefined);
      return run;
    },
    async close() {
      await queue;
      await conn.quit().catch(() => conn.disconnect());
    },
  };
}
