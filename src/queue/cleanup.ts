import { Cluster } from 'ioredis';
import type { RedisClient } from './connection.js';
import { hashTaggedPrefix } from './names.js';

/** Removes every key under a queue prefix (BullMQ's and ours): tests, the demo and the bench clean up after themselves. */
export async function deleteQueueKeys(redis: RedisClient, prefix: string): Promise<number> {
  const pattern = `${hashTaggedPrefix(prefix).replace(/[*?[\]\\]/g, '\\$&')}:*`;
  // On a cluster every master is scanned: the prefix's keys live on the one owning its hash tag's slot.
  const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
  let removed = 0;
  for (const node of nodes) {
    let cursor = '0';
    do {
      // Keys as bytes: a job id that is not UTF-8 (unnamed-jobs.ts) names keys no decoded string reaches.
      const [next, keys] = await node.scanBuffer(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next.toString();
      if (keys.length) removed += await redis.unlink(...keys);
    } while (cursor !== '0');
  }
  return removed;
}
