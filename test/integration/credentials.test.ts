import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { startRedisServer, type ThrowawayRedis } from '../../src/demo/throwaway-redis.js';
import type { SpawnedWorker } from '../../src/queue/spawn-worker.js';
import { records, startWorker, submitRecords, testQueues, waitForDecisions, type TestQueues } from './harness.js';

describe('Redis with an ACL user and password', () => {
  let redis: ThrowawayRedis | undefined;
  let worker: SpawnedWorker | undefined;
  let t: TestQueues | undefined;
  afterEach(async () => {
    await worker?.stop();
    await t?.close();
    await redis?.stop();
  });

  it('a worker given redis://user:password@… scores; a wrong password stops it with a clear error', async () => {
    redis = await startRedisServer();
    const admin = new Redis(redis.url);
    await admin.acl('SETUSER', 'scorer', 'on', '>s3cret pass', '~*', '&*', '+@all');
    await admin.quit();
    const url = `redis://scorer:${encodeURIComponent('s3cret pass')}@127.0.0.1:${redis.port}`;
    t = testQueues('acl', url);
    worker = startWorker(t, {}, url);
    await worker.ready;
    await submitRecords(t, records(300), 100);
    expect(await waitForDecisions(t.decisions, 300)).toHaveLength(300);

    const refused = startWorker(t, {}, `redis://scorer:wrong@127.0.0.1:${redis.port}`);
    await expect(refused.ready).rejects.toThrow(/exited \(code 1\)/);
    expect(refused.log()).toMatch(
      /error: field "REDIS_URL": Redis at redis:\/\/scorer:\*\*\*@127.0.0.1:\d+ refused the credentials: WRONGPASS/,
    );
  });
});
