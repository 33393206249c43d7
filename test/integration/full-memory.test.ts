import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashTaggedPrefix } from '../../src/queue/names.js';
import { batchJobId } from '../../src/queue/job-ids.js';
import { readResults } from '../../src/queue/results.js';
import type { SpawnedWorker } from '../../src/queue/spawn-worker.js';
import { startWorker, testQueues, waitFor, type TestQueues } from './harness.js';
import { startRedisProcess, type RedisProcess } from './redis-process.js';

/** About 25 KB a record: 50 MB of Redis fills with some two thousand consignments. */
function bulky(n: number, from: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => {
    const r: Record<string, unknown> = { id: `M${from + i}`, value: 1000, origin: 'CN', hsCode: '610910' };
    for (let f = 0; f < 100; f++) r[`note${f}`] = NOTE;
    return r;
  });
}

const NOTE = 'x'.repeat(250);

describe('Redis at maxmemory 50 MB under a producer that keeps submitting', () => {
  let redis: RedisProcess;
  let t: TestQueues;
  let worker: SpawnedWorker;
  beforeAll(async () => {
    redis = await startRedisProcess(['--maxmemory', '50mb', '--maxmemory-policy', 'noeviction']);
    t = testQueues('full', redis.url);
  });
  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await t.close().catch(() => {});
    await redis.stop();
  });

  it('loses no accepted consignment; the worker pauses and resumes, and /health says why', async () => {
    worker = startWorker(
      t,
      { CONCURRENCY: '1', METRICS_PORT: '0', MEMORY_CHECK_MS: '100', AUDIT_MAX_LEN: '1000' },
      redis.url,
    );
    await worker.ready;
    const health = /"url":"(http:[^"]+)"/.exec(worker.log())![1];

    // A slow reader of the decisions (1 ms each): decisions pile up, as behind a busy downstream system.
    const read = new Set<string>();
    let duplicates = 0;
    const stop = new AbortController();
    const reader = readResults({
      connection: t.redis,
      prefix: hashTaggedPrefix(t.prefix),
      queue: 'decisions',
      follow: true,
      signal: stop.signal,
      write: async (d) => {
        if (read.has(d.id)) duplicates++;
        read.add(d.id);
        await new Promise((r) => setTimeout(r, 1));
      },
    });

    const pausedHealth: Record<string, unknown>[] = [];
    const watching = setInterval(() => {
      void fetch(`${health}/health`)
        .then((r) => r.json() as Promise<Record<string, unknown>>)
        .then(
          (h) => h.takingJobs === false && pausedHealth.push(h),
          () => {},
        );
    }, 100);

    // The producer: 20 jobs of 10 records (5 MB) a round trip, until Redis has refused it a few times (at least
    // 3 s, at most 30 s); a bulk Redis refuses (OOM) is tried again until it goes in (a MULTI: all or nothing).
    const accepted: string[] = [];
    let refusals = 0;
    const started = Date.now();
    const more = () => Date.now() - started < 30_000 && (refusals < 3 || Date.now() - started < 3000);
    for (let n = 0; more(); n += 200) {
      const records = bulky(200, n);
      const jobs = Array.from({ length: 20 }, (_, j) => {
        const batch = records.slice(j * 10, j * 10 + 10);
        return {
          name: 'batch',
          data: batch,
          opts: { jobId: batchJobId(batch.map((r) => r.id as string)), removeOnComplete: true },
        };
      });
      for (;;) {
        try {
          await t.consignments.addBulk(jobs);
          accepted.push(...records.map((r) => r.id as string));
          break;
        } catch (e) {
          if (!/OOM|EXECABORT/.test((e as Error).message)) throw e;
          refusals++;
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    }
    await waitFor(() => accepted.every((id) => read.has(id)), 45_000, `${accepted.length} decisions read`).catch(
      (e: unknown) => {
        process.stderr.write(`read ${read.size} of ${accepted.length}\n${worker.log().slice(-3000)}\n`);
        throw e;
      },
    );
    clearInterval(watching);
    stop.abort();
    await reader.catch(() => 0);

    process.stderr.write(
      `accepted ${accepted.length}, refused ${refusals} times, paused ${pausedHealth.length} probes\n`,
    );
    expect(refusals, 'the producer met a full Redis').toBeGreaterThan(0);
    expect(duplicates).toBe(0);
    expect(await t.consignments.getFailedCount()).toBe(0);
    const log = worker.log();
    expect(log).toMatch(/not taking jobs: Redis used_memory .* of maxmemory/);
    expect(log).toContain('taking jobs again');
    expect(pausedHealth.length).toBeGreaterThan(0);
    expect(pausedHealth[0]).toMatchObject({
      ok: true,
      takingJobs: false,
      memory: { paused: true, reason: expect.stringMatching(/maxmemory/) },
    });
    expect(worker.child.exitCode).toBeNull();
  }, 90_000);
});
