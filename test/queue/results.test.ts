import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { deleteQueueKeys } from '../../src/queue/cleanup.js';
import { bullConnection, redisOptions } from '../../src/queue/connection.js';
import type { RejectedJob } from '../../src/queue/emitter.js';
import { hashTaggedPrefix } from '../../src/queue/names.js';
import { readRejected, readResults } from '../../src/queue/results.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = hashTaggedPrefix(`test-results-${process.pid}-${Date.now()}`);
const redis = new Redis(redisOptions(redisUrl));
const connection = bullConnection({ redisUrl });

afterAll(async () => {
  await deleteQueueKeys(redis, prefix);
  await redis.quit();
});

describe('queue readers', () => {
  it('read the decisions of each job, and each rejection, once', async () => {
    const decisions = new Queue('decisions', { connection, prefix });
    const rejected = new Queue('rejected', { connection, prefix });
    const decision = (id: string) => ({ id, score: 0, channel: 'green', hits: [], ruleset: 'r@0', decidedAt: 'now' });
    await decisions.add('d', { decisions: [decision('A'), decision('B')] });
    const bad: RejectedJob = { source: 'worker', code: 'BAD_JSON', reason: 'payload is not JSON', payload: '{' };
    await rejected.add('r', bad);
    await rejected.add('r', { ...bad, code: 'EMPTY_BATCH', payload: [] });

    const out: unknown[] = [];
    const opts = { connection, prefix, follow: false, write: (x: unknown) => void out.push(x) };
    expect(await readResults({ ...opts, queue: 'decisions' })).toBe(2);
    expect(out).toMatchObject([{ id: 'A' }, { id: 'B' }]);
    out.length = 0;
    expect(await readRejected({ ...opts, queue: 'rejected' })).toBe(2);
    expect(out).toEqual([bad, { ...bad, code: 'EMPTY_BATCH', payload: [] }]);
    expect(await readRejected({ ...opts, queue: 'rejected' })).toBe(0);
    await decisions.close();
    await rejected.close();
  });
});
