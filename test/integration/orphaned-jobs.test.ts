import { afterEach, describe, expect, it } from 'vitest';
import { auditKeys } from '../../src/audit/keys.js';
import { startRedisServer, type ThrowawayRedis } from '../../src/demo/throwaway-redis.js';
import { auditStreamKey } from '../../src/queue/names.js';
import type { SpawnedWorker } from '../../src/queue/spawn-worker.js';
import { allDecisions, startWorker, testQueues, waitFor, type TestQueues } from './harness.js';

describe('a job Redis locked for a worker in a reply the connection lost', () => {
  let redis: ThrowawayRedis | undefined;
  let worker: SpawnedWorker | undefined;
  let t: TestQueues | undefined;
  afterEach(async () => {
    await worker?.stop('SIGKILL');
    await t?.close().catch(() => {});
    await redis?.stop();
  });

  it('is moved back to wait after the reconnect and decided, not left to the stalled-job check', async () => {
    // Our own server: the test kills every client's connection.
    redis = await startRedisServer();
    t = testQueues('orphans', redis.url);
    worker = startWorker(t, { CONCURRENCY: '1', METRICS_PORT: '0' }, redis.url);
    await worker.ready;
    // Another writer holds the writers' lease: the worker's one job waits for its turn to commit, active.
    const lease = auditKeys(auditStreamKey(t.prefix)).lock;
    await t.redis.set(lease, 'another-writer', 'PX', 60_000);
    await t.consignments.add('consignment', { id: 'A1', value: 100 }, { jobId: 'held-1' });
    const heldLock = t.consignments.toKey('held-1:lock');
    await waitFor(async () => (await t!.redis.exists(heldLock)) === 1, 10_000, 'the job to be active');
    const workerId = (await t.redis.get(heldLock))!.split(':')[0];

    // What a completion's lost reply leaves: the next job active under the worker's lock, the worker unaware.
    await t.consignments.add('consignment', { id: 'O1', value: 100 }, { jobId: 'orphan-1' });
    await t.redis.lrem(t.consignments.toKey('wait'), 1, 'orphan-1');
    await t.redis.lpush(t.consignments.toKey('active'), 'orphan-1');
    await t.redis.set(t.consignments.toKey('orphan-1:lock'), `${workerId}:999999`, 'PX', 30_000);

    // The connection drops; the worker reconnects, and its commit goes through once the lease is free.
    await t.redis.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
    await t.redis.del(lease);

    // Well within the orphan's 30 s lock: the stalled-job check could not have taken it back yet.
    await waitFor(
      async () => (await allDecisions(t!.decisions)).some((d) => d.id === 'O1'),
      15_000,
      'the orphaned job to be decided',
    );
    const decisions = await allDecisions(t.decisions);
    expect(decisions.map((d) => d.id).sort()).toEqual(['A1', 'O1']);
    const reclaimed = worker
      .log()
      .split('\n')
      .filter((l) => l.includes('moved back to wait'))
      .map((l) => JSON.parse(l) as { level: number; jobs: string[] });
    expect(reclaimed).toEqual([expect.objectContaining({ level: 40, jobs: ['orphan-1'] })]);
    const ops = /"url":"(http:[^"]+)"/.exec(worker.log())![1];
    const metrics = await (await fetch(`${ops}/metrics`)).text();
    expect(metrics).toMatch(/^targeting_jobs_reclaimed_total 1$/m);
  }, 60_000);
});
