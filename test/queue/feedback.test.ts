import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileBuilder } from '../../src/features/build.js';
import { LiveProfile } from '../../src/features/overlay.js';
import { PROFILE_FORMAT, type Profile } from '../../src/features/profile.js';
import {
  createFeedbackWorker,
  readFeedbackCounts,
  recordFeedback,
  refreshOverlay,
  rememberConsignments,
} from '../../src/queue/feedback.js';
import { consignment, row } from '../features/fixtures.js';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `test-feedback-${process.pid}-${Date.now()}:`;
const redis = new Redis(url, { maxRetriesPerRequest: null });

afterAll(async () => {
  // As bytes: a job id that is not UTF-8 names keys no decoded string reaches.
  const keys = await redis.keysBuffer(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

function profile(): Profile {
  const b = new ProfileBuilder();
  for (let i = 0; i < 20; i++)
    b.add(
      row(
        { id: `H${i}`, date: '2025-01-01', importer: i < 10 ? 'A' : 'B', hsCode: '610910', origin: 'CN' },
        (i % 10 === 0 ? 1 : 0) as 0 | 1,
      ),
    );
  return { format: PROFILE_FORMAT, id: 'p1', ...b.finish().body };
}

describe('recordFeedback', () => {
  it('adds a result to the running counts of every entity of the consignment, once', async () => {
    const c = consignment({ id: 'F1', importer: 'A', hsCode: '610910', origin: 'CN' });
    await rememberConsignments(redis, [c], { prefix });
    expect(await recordFeedback(redis, { id: 'F1', illicit: 1, revenue: 250 }, { prefix })).toBe('counted');
    expect(await recordFeedback(redis, { id: 'F1', illicit: 1, revenue: 250 }, { prefix })).toBe('duplicate');
    const counts = await readFeedbackCounts(redis, { prefix });
    expect(counts.overall).toEqual({ count: 1, illicit: 1, revenue: 250 });
    expect(counts.groups.importer.get('A')).toEqual({ count: 1, illicit: 1, revenue: 250 });
    expect(counts.groups.originHs4.get('CN\u001f6109')).toEqual({ count: 1, illicit: 1, revenue: 250 });
    expect(counts.groups.declarant).toBeUndefined();
  });

  it('rejects bad results and unknown consignments with a reason', async () => {
    await expect(recordFeedback(redis, { id: 'F2', illicit: 2 as 0 }, { prefix })).rejects.toThrow(
      /"illicit" must be 0 or 1, got 2/,
    );
    await expect(recordFeedback(redis, { id: 'NOPE', illicit: 0 }, { prefix })).rejects.toThrow(
      /NOPE: unknown consignment/,
    );
  });
});

describe('feedback worker and overlay', () => {
  const queuePrefix = `${prefix}bull`;
  let queue: Queue;
  let events: QueueEvents;
  const connection = { url };

  beforeAll(async () => {
    queue = new Queue('feedback', { connection, prefix: queuePrefix });
    events = new QueueEvents('feedback', { connection, prefix: queuePrefix });
    await events.waitUntilReady();
  });

  afterAll(async () => {
    await queue.close();
    await events.close();
  });

  it('consumes the feedback queue and the refreshed overlay moves entity risk', async () => {
    const worker = createFeedbackWorker(
      redis,
      { url, maxRetriesPerRequest: null },
      { prefix: `${prefix}w:`, queuePrefix },
    );
    const live = new LiveProfile(profile());
    const b = consignment({ id: 'X', importer: 'B', hsCode: '610910', origin: 'CN' });
    const before = {
      count: live.fact('importer.count', b) as number,
      points: live.fact('importer.riskPoints', b) as number,
    };
    const jobs = await Promise.all(
      [1, 2, 3].map((i) =>
        queue.add('result', {
          id: `W${i}`,
          illicit: 1,
          revenue: 100,
          consignment: { importer: 'B', hsCode: '610910', origin: 'CN' },
        }),
      ),
    );
    await Promise.all(jobs.map((j) => j.waitUntilFinished(events, 10_000)));
    const bad = await queue.add('result', { id: 'W9', illicit: 7 });
    await expect(bad.waitUntilFinished(events, 10_000)).rejects.toThrow(/must be 0 or 1/);

    const { refresh, stop } = refreshOverlay(redis, live, { prefix: `${prefix}w:`, intervalMs: 3_600_000 });
    await refresh();
    stop();
    expect(live.feedbackApplied).toBe(3);
    expect(live.fact('importer.count', b)).toBe(before.count + 3);
    expect(live.fact('importer.illicitCount', b)).toBe(1 + 3);
    expect(live.fact('importer.riskPoints', b) as number).toBeGreaterThan(before.points);
    expect(live.id).toBe('p1');
    await worker.close();
  });

  it('finishes results whose job id BullMQ cannot name (a lone surrogate): counted or failed, never left active', async () => {
    const worker = createFeedbackWorker(
      redis,
      { url, maxRetriesPerRequest: null },
      { prefix: `${prefix}u:`, queuePrefix },
    );
    const result = { id: 'U1', illicit: 0, consignment: { importer: 'B', hsCode: '610910', origin: 'CN' } };
    // BullMQ's own waitUntilFinished cannot find such a job either: its events are what says they finished.
    const finished: Record<string, string> = {};
    const seen = ({ jobId }: { jobId: string }, kind: string) => (finished[jobId] = kind);
    events.on('completed', (e) => seen(e, `completed ${e.returnvalue}`));
    events.on('failed', (e) => seen(e, `failed ${e.failedReason}`));
    const failedBefore = await queue.getFailedCount();
    const good = await queue.add('result', result, { jobId: 'f-\uD800' });
    const bad = await queue.add('result', { id: 'U2', illicit: 7 }, { jobId: 'g-\uDC00' });
    const deadline = Date.now() + 10_000;
    while (!(finished[good.id!] && finished[bad.id!]) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(finished[good.id!]).toBe('completed counted');
    expect(finished[bad.id!]).toMatch(/^failed .*must be 0 or 1/);
    expect(await queue.getJobCounts('active', 'wait', 'failed')).toEqual({
      active: 0,
      wait: 0,
      failed: failedBefore + 1,
    });
    expect((await readFeedbackCounts(redis, { prefix: `${prefix}u:` })).overall.count).toBe(1);
    await worker.close();
  });
});
