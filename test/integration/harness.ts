import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { loadConfig } from '../../src/config/load.js';
import type { Decision } from '../../src/decision/decision.js';
import { deleteQueueKeys } from '../../src/queue/cleanup.js';
import { createRedis } from '../../src/queue/connection.js';
import type { DecisionsJob, RejectedJob } from '../../src/queue/emitter.js';
import { hashTaggedPrefix } from '../../src/queue/names.js';
import { submit } from '../../src/queue/producer.js';
import { toConsignment } from '../../src/declaration/validate.js';
import { SCORING_WORKER_SCRIPT, spawnWorker, type SpawnedWorker } from '../../src/queue/spawn-worker.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_RULES = 'test/queue/fixtures/rules';

/** One test's queues on their own prefix; `close()` removes every key under it. */
export interface TestQueues {
  prefix: string;
  redis: Redis;
  consignments: Queue;
  decisions: Queue;
  rejected: Queue;
  close(): Promise<void>;
}

export function testQueues(name: string, redisUrl = REDIS_URL): TestQueues {
  const prefix = `test-${name}-${randomBytes(4).toString('hex')}`;
  const redis = createRedis({ redisUrl });
  // Tests that restart Redis expect refused connections meanwhile.
  redis.on('error', () => {});
  const opts = { connection: redis, prefix: hashTaggedPrefix(prefix) };
  const q = {
    consignments: new Queue('consignments', opts),
    decisions: new Queue('decisions', opts),
    rejected: new Queue('rejected', opts),
  };
  for (const queue of Object.values(q)) queue.on('error', () => {});
  return {
    prefix,
    redis,
    ...q,
    async close() {
      await Promise.all([q.consignments.close(), q.decisions.close(), q.rejected.close()]);
      await deleteQueueKeys(redis, prefix);
      await redis.quit();
    },
  };
}

export function startWorker(t: TestQueues, env: Record<string, string> = {}, redisUrl = REDIS_URL): SpawnedWorker {
  return spawnWorker(SCORING_WORKER_SCRIPT, {
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: t.prefix,
    RULES_DIR: TEST_RULES,
    LOG_LEVEL: 'info',
    HOT_RELOAD: '0',
    ...env,
  });
}

/** Every decision in the decisions queue (read without consuming). */
export async function allDecisions(queue: Queue): Promise<Decision[]> {
  const out: Decision[] = [];
  const total = await queue.getWaitingCount();
  for (let start = 0; start < total; start += 1000) {
    for (const job of await queue.getWaiting(start, start + 999)) out.push(...(job.data as DecisionsJob).decisions);
  }
  return out;
}

export async function allRejected(queue: Queue): Promise<RejectedJob[]> {
  return (await queue.getWaiting(0, -1)).map((j) => j.data as RejectedJob);
}

/** How many decisions each consignment id got. */
export function decisionCounts(decisions: Decision[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of decisions) counts.set(d.id, (counts.get(d.id) ?? 0) + 1);
  return counts;
}

export async function waitFor(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the decisions queue holds `n` decisions (counting inside decisions jobs). */
export async function waitForDecisions(queue: Queue, n: number, timeoutMs = 60_000): Promise<Decision[]> {
  let decisions: Decision[] = [];
  await waitFor(async () => (decisions = await allDecisions(queue)).length >= n, timeoutMs, `${n} decisions`);
  return decisions;
}

export function records(n: number, tag = 'C'): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${tag}${String(i).padStart(6, '0')}`,
    value: (i % 7) * 30_000,
    origin: i % 5 === 0 ? 'XX' : 'CN',
    hsCode: '610910',
  }));
}

/** Writes records as an NDJSON file, one per line, for `targeting submit`. */
export function writeNdjson(file: string, recs: Record<string, unknown>[]): string {
  writeFileSync(file, recs.map((r) => `${JSON.stringify(r)}\n`).join(''));
  return file;
}

export function configFor(t: TestQueues) {
  return loadConfig({ REDIS_URL, QUEUE_PREFIX: t.prefix, RULES_DIR: TEST_RULES });
}

/** Submits records as the CLI does (batches of `batch`, 1 = single jobs). */
export async function submitRecords(t: TestQueues, recs: Record<string, unknown>[], batch: number): Promise<void> {
  async function* items() {
    for (const r of recs) yield { consignment: toConsignment(r) };
  }
  await submit(items(), t.consignments, t.rejected, { batch });
}
