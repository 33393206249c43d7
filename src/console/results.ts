import type { Queue } from 'bullmq';
import type { RedisClient as Redis } from '../queue/connection.js';
import type { Consignment } from '../declaration/record.js';
import type { FeedbackJob } from '../queue/feedback.js';
import type { ConsoleAudit } from './audit-events.js';
import type { RecordedResult, StoredDeclaration } from './declarations.js';
import { statusCommands } from './declarations.js';
import { dayExpiry, STAT } from './decisions-index.js';
import type { ConsoleKeys } from './keys.js';

export interface ResultInput {
  outcome: 'compliant' | 'illicit';
  revenue: number;
  note: string;
}

export const MAX_NOTE = 2000;

/** The form's fields as a result, or what is wrong with them (pure). */
export function parseResult(body: Record<string, unknown>): ResultInput | { problem: string } {
  const outcome = body.outcome;
  if (outcome !== 'compliant' && outcome !== 'illicit') return { problem: 'choose compliant or illicit' };
  const text = typeof body.revenue === 'string' ? body.revenue.trim().replace(/[\s,]/g, '') : '';
  const revenue = text === '' ? 0 : Number(text);
  if (!Number.isFinite(revenue) || revenue < 0 || revenue > 1e15)
    return { problem: 'revenue recovered must be a number ≥ 0 (e.g. 1250.50)' };
  if (outcome === 'compliant' && revenue > 0) return { problem: 'a compliant declaration recovers no revenue' };
  const note = typeof body.note === 'string' ? body.note.trim() : '';
  if (note.length > MAX_NOTE) return { problem: `the note is longer than ${MAX_NOTE} characters` };
  return { outcome, revenue, note };
}

/** The consignment as the feedback queue takes it: built-in fields and extra attributes side by side. */
export function feedbackRecord(c: Consignment): Record<string, unknown> {
  const { extra, ...fields } = c;
  return { ...extra, ...fields };
}

export interface RecordOptions {
  redis: Redis;
  keys: ConsoleKeys;
  feedback: Queue;
  audit: ConsoleAudit;
  retentionDays: number;
}

export type RecordOutcome = { recorded: RecordedResult } | { refused: RecordedResult };

/**
 * Records an inspection result once: claimed with SET NX (a second recording,
 * or two officers at once, finds the claim and is refused with the first
 * result), then sent to the `feedback` queue (job id `console-<id>`, so a
 * retry adds nothing) and written to the console's audit chain in the same
 * MULTI as the declaration's status and the rule-performance counters. A
 * failure gives the claim back, so the officer can retry.
 */
export async function recordResult(
  o: RecordOptions,
  d: StoredDeclaration,
  input: ResultInput,
  who: { user: string; role: string },
): Promise<RecordOutcome> {
  const id = d.decision.id;
  const result: RecordedResult = { ...input, by: who.user, at: new Date().toISOString() };
  const expiry = dayExpiry(d.day, o.retentionDays);
  const claimed = await o.redis.set(o.keys.result(id), JSON.stringify(result), 'EXAT', expiry, 'NX');
  if (claimed === null) {
    const first = await o.redis.get(o.keys.result(id));
    return { refused: first ? (JSON.parse(first) as RecordedResult) : result };
  }
  try {
    const job: FeedbackJob = {
      id,
      illicit: input.outcome === 'illicit' ? 1 : 0,
      revenue: input.revenue,
      consignment: feedbackRecord(d.consignment),
    };
    await o.feedback.add('feedback', job, { jobId: `console-${id}` });
    const rules = [...new Set(d.decision.hits.map((h) => h.rule))];
    const stats = o.keys.stats(d.day);
    const record = await o.audit.append(
      { event: 'result', user: who.user, role: who.role, id, detail: { ...input } },
      (tx, audited) => {
        tx.set(o.keys.result(id), JSON.stringify({ ...result, auditSeq: audited.seq }), 'EXAT', expiry);
        statusCommands(tx, o.keys, d, 'done', o.retentionDays);
        for (const r of ['*', ...rules]) {
          tx.hincrby(stats, STAT.inspected(r), 1);
          if (input.outcome === 'illicit') tx.hincrby(stats, STAT.illicit(r), 1);
          if (input.revenue > 0) tx.hincrbyfloat(stats, STAT.revenue(r), input.revenue);
        }
      },
    );
    return { recorded: { ...result, auditSeq: record.seq } };
  } catch (e) {
    // Nothing was audited (the append is the last step, one MULTI): free the claim for a retry.
    await o.redis.del(o.keys.result(id));
    throw e;
  }
}
