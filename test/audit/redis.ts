import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A connection and a key prefix of its own; `cleanup` removes every key under the prefix. */
export function testRedis(): { redis: Redis; prefix: string; cleanup(): Promise<void> } {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  const prefix = `test:protect:${randomUUID().slice(0, 8)}:`;
  return {
    redis,
    prefix,
    async cleanup() {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    },
  };
}

type Entry = [string, string[]];

/** Rewrites a stream in place (same entry ids), the way someone with write access to Redis could. */
export async function rewriteStream(redis: Redis, key: string, edit: (entries: Entry[]) => Entry[]): Promise<void> {
  const entries = (await redis.xrange(key, '-', '+')) as Entry[];
  const edited = edit(entries);
  await redis.del(key);
  for (const [id, fields] of edited) await redis.xadd(key, id, ...fields);
}
