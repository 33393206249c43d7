import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { deleteQueueKeys } from '../../src/queue/cleanup.js';
import { createRedis } from '../../src/queue/connection.js';
import { hashTaggedPrefix } from '../../src/queue/names.js';
import { SizedWorker, type RawPayload } from '../../src/queue/sized-worker.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = hashTaggedPrefix(`test-sized-${process.pid}-${Date.now()}`);
const redis = createRedis({ redisUrl });
const limits = { batchMax: 1000, maxPayloadBytes: 1 << 20 };

afterAll(async () => {
  await deleteQueueKeys(redis, prefix);
  await redis.quit();
});

async function settled(queue: Queue): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await queue.getJobCountByTypes('wait', 'active')) > 0) {
    if (Date.now() > deadline) throw new Error('jobs left waiting or active');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a worker given a job whose id BullMQ cannot name (a lone surrogate)', () => {
  it('finishes it itself: completed and removed, or failed for good, under its escaped id', async () => {
    const queue = new Queue('input', { connection: redis, prefix });
    const seen: (string | undefined)[] = [];
    const errors: Error[] = [];
    const failed: string[] = [];
    const worker = new SizedWorker(
      'input',
      async (job, raw: RawPayload) => {
        seen.push(raw.jobId);
        if ((job.data as { fail?: boolean }).fail) throw new Error('rule set threw');
        return { ok: true };
      },
      limits,
      { connection: redis, prefix, concurrency: 4 },
    );
    worker.on('error', (e) => errors.push(e));
    worker.on('failed', (_job, e) => failed.push(e.message));
    await queue.add('c', {}, { jobId: 'c-A\uD800' });
    await queue.add('c', { fail: true }, { jobId: 'c-B\uDC00' });
    await queue.add('c', {}, { jobId: 'c-plain' });
    await settled(queue);
    await worker.close();

    expect(seen.sort()).toEqual(['c-A%uD800', 'c-B%uDC00', undefined]);
    expect(errors).toEqual([]);
    expect(failed).toEqual(['rule set threw']);
    const counts = await queue.getJobCounts('active', 'wait', 'completed', 'failed');
    // The completed one is removed (BullMQ keeps the plain one: no removeOnComplete here); the failed one is kept.
    expect(counts).toEqual({ active: 0, wait: 0, completed: 1, failed: 1 });
    // Kept under its raw id, which BullMQ's getters cannot name either: read by bytes.
    const [raw] = await redis.zrangeBuffer(queue.keys.failed, 0, -1);
    const key = Buffer.concat([Buffer.from(queue.toKey('')), raw]);
    expect(await redis.hget(key, 'failedReason')).toBe('rule set threw');
    await queue.close();
  });

  it('fails it for good when BullMQ would fail it unrun (stalled more than MAX_STALLED_COUNT times)', async () => {
    const queue = new Queue('stalled', { connection: redis, prefix });
    await queue.add('c', {}, { jobId: 'c-S\uD800' });
    // What BullMQ's stalled-job check leaves on a job past the limit: a deferred failure, run by the next worker.
    const [raw] = await redis.lrangeBuffer(queue.keys.wait, 0, -1);
    const key = Buffer.concat([Buffer.from(queue.toKey('')), raw]);
    await redis.hset(key, 'defa', 'job stalled more than allowable limit');
    const ran: string[] = [];
    const errors: Error[] = [];
    const worker = new SizedWorker('stalled', async (job) => void ran.push(job.id!), limits, {
      connection: redis,
      prefix,
    });
    worker.on('error', (e) => errors.push(e));
    await settled(queue);
    await worker.close();
    expect(ran).toEqual([]);
    expect(errors).toEqual([]);
    expect(await queue.getJobCounts('active', 'wait', 'failed')).toEqual({ active: 0, wait: 0, failed: 1 });
    expect(await redis.hget(key, 'failedReason')).toBe('job stalled more than allowable limit');
    await queue.close();
  });
});
