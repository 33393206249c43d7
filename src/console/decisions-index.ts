import type { RedisClient as Redis } from '../queue/connection.js';
import type { AuditRecord } from '../audit/record.js';
import type { Consignment } from '../declaration/record.js';
import type { Decision, Hit } from '../decision/decision.js';
import type { Rejection } from '../queue/payload.js';
import type { ScoringSinks } from '../queue/scoring-sinks.js';
import { isConnectionLost } from '../queue/redis-errors.js';
import { execReleased } from '../queue/released-pipeline.js';
import { retryTransient } from '../queue/transient-retry.js';
import { traderValues } from './access.js';
import { coalescedWrites } from './coalesced-writes.js';
import { consoleKeys, type ConsoleKeys, type Facet } from './keys.js';

/** Where a decision's audit record sits: the stream and its place in the chain. */
export interface AuditPosition {
  stream: string;
  seq: number;
  hash: string;
}

/** One decision as the workers hand it to the index. */
export interface IndexedDecision {
  decision: Decision;
  consignment: Consignment;
  audit?: AuditPosition;
}

/** What a worklist row shows, stored in the day's rows hash so a page of rows is one read. */
export interface WorklistRow {
  id: string;
  score: number;
  channel: Decision['channel'];
  decidedAt: string;
  office?: string;
  selection?: string;
  /** The highest-scoring hits: rule, reason and the goods item they concern when the decision names one. */
  reasons: { rule: string; reason: string; item?: string | number }[];
  /** The consignment's trader identifiers, never shown: reasons quoting them are redacted for roles without them. */
  traders?: string[];
}

/** Counter fields of a day's stats hash. */
export const STAT = {
  total: 'n',
  channel: (c: string) => `c:${c}`,
  hour: (h: string, c: string) => `h:${h}:${c}`,
  /** Declarations a rule fired on (any channel). */
  ruleHits: (r: string) => `r:${r}`,
  selection: (s: string) => `s:${s}`,
  /** Red and yellow declarations of an office (the worklist's office choices). */
  office: (o: string) => `o:${o}`,
  rejected: 'rej',
  /** Recorded results of declarations a rule fired on: inspected, illicit, revenue recovered. */
  inspected: (r: string) => `ri:${r}`,
  illicit: (r: string) => `rx:${r}`,
  revenue: (r: string) => `rv:${r}`,
} as const;

/** Rows keep the top reasons only: the page shows three. */
const TOP_REASONS = 3;
/** The rejected inputs the overview lists. */
export const REJECTED_KEPT = 500;

export type Command = [string, ...(string | number)[]];

export interface IndexOptions {
  prefix: string;
  /** Days kept: every key of a day expires that long after the day ends. */
  retentionDays: number;
}

export const dayOf = (iso: string): string => iso.slice(0, 10);
const epochDay = (day: string): number => Math.floor(Date.parse(`${day}T00:00:00Z`) / 86_400_000);
/** When a day's keys expire (seconds since 1970): `retentionDays` after the day ends. */
export const dayExpiry = (day: string, retentionDays: number): number => (epochDay(day) + 1 + retentionDays) * 86_400;

/** A worklist row of a decision (pure). */
export function worklistRow(d: Decision, c: Consignment): WorklistRow {
  const hits = [...d.hits].sort((a, b) => b.points - a.points).slice(0, TOP_REASONS);
  const traders = traderValues(c);
  return {
    id: d.id,
    score: d.score,
    channel: d.channel,
    decidedAt: d.decidedAt,
    ...(c.office !== undefined ? { office: c.office } : {}),
    ...(d.selection ? { selection: d.selection } : {}),
    reasons: hits.map((h) => {
      const item = (h as Hit & { item?: string | number }).item;
      return { rule: h.rule, reason: h.reason, ...(item !== undefined ? { item } : {}) };
    }),
    ...(traders.length ? { traders } : {}),
  };
}

/**
 * The Redis commands that index a batch of decisions (pure): every decision
 * counts in its day's stats; red and yellow ones — what officers work — get
 * their hash and a place in the day's sorted sets. Every key expires
 * `retentionDays` after its day ends, so the index stays bounded.
 */
export function indexCommands(
  items: IndexedDecision[],
  opts: IndexOptions,
  keys = consoleKeys(opts.prefix),
): Command[] {
  const out: Command[] = [];
  const expiring = new Map<string, number>();
  const expire = (key: string, day: string) => {
    if (!expiring.has(key)) expiring.set(key, dayExpiry(day, opts.retentionDays));
  };
  const days = new Set<string>();
  // Counters summed here: a batch of 500 is a few dozen HINCRBYs, not thousands (the worker's hot path).
  const counters = new Map<string, Map<string, number>>();
  const count = (key: string, field: string) => {
    let fields = counters.get(key);
    if (!fields) counters.set(key, (fields = new Map()));
    fields.set(field, (fields.get(field) ?? 0) + 1);
  };
  // Likewise one ZADD per sorted set and one HSET per day's rows, whatever the number of decisions in them.
  const zadds = new Map<string, (string | number)[]>();
  const rows = new Map<string, (string | number)[]>();
  // A job's decisions share their decision time: its day, keys and counter names are worked out once.
  let time:
    | {
        decidedAt: string;
        day: string;
        at: number;
        stats: string;
        channel: Record<string, string>;
        hour: Record<string, string>;
      }
    | undefined;
  for (const { decision: d, consignment: c, audit } of items) {
    if (time?.decidedAt !== d.decidedAt) {
      const day = dayOf(d.decidedAt);
      days.add(day);
      const at = Date.parse(d.decidedAt);
      time = { decidedAt: d.decidedAt, day, at, stats: keys.stats(day), channel: {}, hour: {} };
      expire(time.stats, day);
    }
    const { day, at, stats } = time;
    count(stats, STAT.total);
    count(stats, (time.channel[d.channel] ??= STAT.channel(d.channel)));
    count(stats, (time.hour[d.channel] ??= STAT.hour(d.decidedAt.slice(11, 13), d.channel)));
    const rules = d.hits.length === 0 ? [] : [...new Set(d.hits.map((h) => h.rule))];
    for (const r of rules) count(stats, STAT.ruleHits(r));
    if (d.selection) count(stats, STAT.selection(d.selection));
    if (d.channel === 'green') continue;
    const key = keys.decision(d.id);
    const fields: (string | number)[] = ['decision', JSON.stringify(d), 'consignment', JSON.stringify(c)];
    fields.push('day', day);
    if (audit) fields.push('audit', JSON.stringify(audit));
    out.push(['hset', key, ...fields]);
    append(rows, keys.rows(day), d.id, JSON.stringify(worklistRow(d, c)));
    expire(key, day);
    expire(keys.rows(day), day);
    const sets: [string, number][] = [
      [keys.byTime(day), at],
      [keys.byScore(day), d.score],
    ];
    const facet = (f: Facet, v: string | undefined) => v !== undefined && sets.push([keys.facet(day, f, v), at]);
    facet('channel', d.channel);
    facet('office', c.office);
    facet('selection', d.selection ?? 'rule');
    if (c.office !== undefined) count(stats, STAT.office(c.office));
    for (const r of rules) facet('rule', r);
    for (const [set, score] of sets) {
      append(zadds, set, score, d.id);
      expire(set, day);
    }
  }
  for (const [key, pairs] of rows) out.push(['hset', key, ...pairs]);
  for (const [key, pairs] of zadds) out.push(['zadd', key, ...pairs]);
  for (const [key, fields] of counters) for (const [field, n] of fields) out.push(['hincrby', key, field, n]);
  for (const day of days) out.push(['zadd', keys.days, epochDay(day), day]);
  for (const [key, at] of expiring) out.push(['expireat', key, at]);
  return out;
}

function append(lists: Map<string, (string | number)[]>, key: string, ...items: (string | number)[]): void {
  const list = lists.get(key);
  if (list) list.push(...items);
  else lists.set(key, items);
}

/** The commands that keep a rejected input (its reason, not its payload: that may name traders). */
export function rejectionCommands(rejections: Rejection[], source: string, at: Date, keys: ConsoleKeys): Command[] {
  if (rejections.length === 0) return [];
  const day = dayOf(at.toISOString());
  const entries = rejections.map((r) =>
    JSON.stringify({
      at: at.toISOString(),
      source,
      code: r.code,
      reason: r.reason,
      ...(r.id !== undefined ? { id: r.id } : {}),
      ...(r.index !== undefined ? { index: r.index } : {}),
    }),
  );
  return [
    ['lpush', keys.rejected, ...entries],
    ['ltrim', keys.rejected, 0, REJECTED_KEPT - 1],
    ['hincrby', keys.stats(day), STAT.rejected, rejections.length],
  ];
}

/** Runs commands in one pipeline; the first failure is thrown. */
export async function runCommands(redis: Redis, commands: Command[]): Promise<void> {
  if (commands.length === 0) return;
  const replies = await execReleased(redis.pipeline(commands.map(([name, ...args]) => [name, ...args.map(String)])));
  for (const [err] of replies ?? []) if (err) throw err;
}

/** The decisions a worker committed, paired with their consignments and audit records. */
export function indexedDecisions(
  decisions: Decision[],
  consignments: Consignment[],
  auditRecords: AuditRecord[] | undefined,
  stream: string | undefined,
): IndexedDecision[] {
  return decisions.map((decision, i) => {
    const r = auditRecords?.[i];
    return {
      decision,
      consignment: consignments[i],
      ...(r && stream ? { audit: { stream, seq: r.seq, hash: r.hash } } : {}),
    };
  });
}

/** Tries of one index write cut by a lost connection (pauses of about 50, 100, 200 ms between them). */
const INDEX_WRITE_ATTEMPTS = 4;

/**
 * The worker's sinks that feed the index after each commit (one pipeline for
 * the jobs that finish together). A worker that crashes between its commit and
 * this write leaves those decisions out of the index (they are in the
 * decisions queue and the audit chain). Not inside the commit: at full memory
 * a decision would then wait for its index entries to fit too.
 */
export function indexSinks(
  redis: Redis,
  opts: IndexOptions & {
    auditStream?: string;
    onRetry?: (err: unknown, attempt: number) => void;
  },
): Required<Pick<ScoringSinks, 'onDecisions' | 'onRejections'>> {
  const keys = consoleKeys(opts.prefix);
  // A write cut by a lost connection (a blip, a killed client) is made again, a few times within a second, rather
  // than dropped. Its entries are idempotent (HSET, ZADD, EXPIREAT); its counters come after them, and only a cut
  // that falls after some counters counts those twice. Bounded, and never for a full Redis: the job waits for
  // its write, and a job held back holds the memory its completion frees.
  const write = (items: IndexedDecision[]) => {
    const commands = indexCommands(items, opts, keys);
    return retryTransient(() => runCommands(redis, commands), {
      onRetry: opts.onRetry,
      retryable: isConnectionLost,
      attempts: INDEX_WRITE_ATTEMPTS,
    });
  };
  const index = coalescedWrites(write);
  return {
    onDecisions: [
      (decisions, _outcome, owned) =>
        index(indexedDecisions(decisions, owned.consignments, owned.auditRecords, opts.auditStream)),
    ],
    onRejections: [
      (rejections, outcome) => runCommands(redis, rejectionCommands(rejections, outcome.job, new Date(), keys)),
    ],
  };
}
