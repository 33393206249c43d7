import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startRedisServer, type ThrowawayRedis } from '../../src/demo/throwaway-redis.js';
import type { SpawnedWorker } from '../../src/queue/spawn-worker.js';
import {
  decisionCounts,
  records,
  startWorker,
  submitRecords,
  testQueues,
  waitFor,
  waitForDecisions,
  type TestQueues,
} from './harness.js';

describe('Redis restarted while a worker runs', () => {
  let redis: ThrowawayRedis | undefined;
  let worker: SpawnedWorker | undefined;
  let t: TestQueues | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'targeting-redis-'));
  afterEach(async () => {
    await worker?.stop('SIGKILL');
    await t?.close().catch(() => {});
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the worker reconnects and finishes the stream, each consignment decided once', async () => {
    // Our own server (append-only file in a temp dir) so the shared one on 6379 is never restarted.
    redis = await startRedisServer({ dir });
    const { port, url } = redis;
    t = testQueues('restart', url);
    await submitRecords(t, records(10_000), 50);
    worker = startWorker(t, { CONCURRENCY: '2' }, url);
    await worker.ready;
    await waitFor(async () => (await t!.decisions.getWaitingCount()) >= 10, 30_000, 'first decisions');

    await redis.stop();
    await new Promise((r) => setTimeout(r, 500));
    redis = await startRedisServer({ port, dir });

    const decisions = await waitForDecisions(t.decisions, 10_000, 90_000).catch((e: unknown) => {
      process.stderr.write(worker!.log().slice(-6000));
      throw e;
    });
    expect(decisions.length).toBe(10_000);
    expect(decisionCounts(decisions).size).toBe(10_000);
    expect(worker.child.exitCode).toBeNull();
    // The waits above allow 30 s + 90 s on a loaded machine: the test's own limit covers them.
  }, 150_000);
});
