import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ChainableCommander } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeClient, createRedis, type RedisClient } from '../../src/queue/connection.js';
import { execReleased } from '../../src/queue/released-pipeline.js';
import { REDIS_URL } from '../integration/harness.js';

// A full collection on demand, to see what a pipeline still keeps alive.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('execReleased (real Redis)', () => {
  let redis: RedisClient;
  const key = `test-released-pipeline-${process.pid}`;
  beforeAll(() => {
    redis = createRedis({ redisUrl: REDIS_URL });
  });
  afterAll(async () => {
    await redis.del(key);
    await closeClient(redis);
  });

  it('answers as exec does, for a pipeline and for a MULTI', async () => {
    const replies = await execReleased(redis.pipeline().set(key, 'a').get(key));
    expect(replies).toEqual([
      [null, 'OK'],
      [null, 'a'],
    ]);
    expect(await execReleased(redis.multi().set(key, 'b').get(key))).toEqual([
      [null, 'OK'],
      [null, 'b'],
    ]);
  });

  it('still gives null for a MULTI its WATCH refused', async () => {
    const watcher = redis.duplicate();
    try {
      await watcher.watch(key);
      await redis.set(key, 'changed');
      expect(await execReleased(watcher.multi().set(key, 'c'))).toBeNull();
    } finally {
      watcher.disconnect();
    }
  });

  it('lets go of the replies while the pipeline itself stays reachable (as V8 keeps it through its accessor)', async () => {
    const big = 'x'.repeat(100_000);
    const pipeline = redis.pipeline().set(key, big).get(key);
    const replies = await weakReplies(pipeline);
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(replies.deref()).toBeUndefined();
    expect(pipeline).toBeDefined();
  });
});

/** A weak reference to the replies, so that only the pipeline could keep them. */
async function weakReplies(pipeline: ChainableCommander): Promise<WeakRef<object>> {
  const replies = await execReleased(pipeline);
  expect(replies?.[1]?.[1]).toHaveLength(100_000);
  return new WeakRef(replies!);
}
