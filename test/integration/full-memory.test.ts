import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashTaggedPrefix } from '../../src/queue/names.js';
import { batchJobId, singleJobId } from '../../src/queue/job-ids.js';
import { parseInfoMemory } from '../../src/queue/memory-guard.js';
import { readResults } from '../../src/queue/results.js';
import type { SpawnedWorker } from '../../src/queue/spawn-worker.js';
import { startWorker, testQueues, waitFor, type TestQueues } from './harness.js';
import { startRedisProcess, type RedisProcess } from './redis-process.js';

/** About 25 KB a record by default: 50 MB of Redis fills with some two thousand consignments. */
function bulky(n: number, from: number, notes = 100): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => {
    const r: Record<string, unknown> = { id: `M${from + i}`, value: 1000, origin: 'CN', hsCode: '610910' };
    for (let f = 0; f < notes; f++) r[`note${f}`] = NOTE;
    return r;
  });
}

const NOTE = 'x'.repeat(250);

/** A redis-server of the describe's own at `maxmemory` (noeviction), its queues, and the worker a test starts on it. */
function limitedRedis(maxmemory: string, name: string) {
  const ctx = {} as { redis: RedisProcess; t: TestQueues; worker?: SpawnedWorker };
  beforeAll(async () => {
    ctx.redis = await startRedisProcess(['--maxmemory', maxmemory, '--maxmemory-policy', 'noeviction']);
    ctx.t = testQueues(name, ctx.redis.url);
  });
  afterAll(async () => {
    await ctx.worker?.stop('SIGKILL');
    await ctx.t.close().catch(() => {});
    await ctx.redis.stop();
  });
  return {
    get t() {
      return ctx.t;
    },
    /** Starts the worker with its /health endpoint; resolves with the worker and the endpoint's URL. */
    async startWorker(env: Record<string, string>) {
      const worker = (ctx.worker = startWorker(
        ctx.t,
        { METRICS_PORT: '0', MEMORY_CHECK_MS: '100', ...env },
        ctx.redis.url,
      ));
      await worker.ready;
      return { worker, health: /"url":"(http:[^"]+)"/.exec(worker.log())![1] };
    },
  };
}

/** `targeting results`' reader, following the decisions queue: the ids read, and how many were read twice. */
function readAll(t: TestQueues, delayMs = 0) {
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
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    },
  });
  return {
    read,
    duplicates: () => duplicates,
    async stop() {
      stop.abort();
      await reader.catch(() => 0);
    },
  };
}

describe('Redis at maxmemory 50 MB under a producer that keeps submitting', () => {
  const limited = limitedRedis('50mb', 'full');

  it('loses no accepted consignment; the worker pauses and resumes, and /health says why', async () => {
    const t = limited.t;
    const { worker, health } = await limited.startWorker({ CONCURRENCY: '1', AUDIT_MAX_LEN: '1000' });
    // A slow reader of the decisions (1 ms each): decisions pile up, as behind a busy downstream system.
    const { read, duplicates, stop } = readAll(t, 1);

    const pausedHealth: Record<string, unknown>[] = [];
    const watching = setInterval(() => {
      void fetch(`${health}/health`)
        .then((r) => r.json() as Promise<Record<string, unknown>>)
        .then(
          (h) => h.takingJobs === false && pausedHealth.push(h),
          () => {},
        );
    }, 100);

    // Other data fills 80 % of Redis, so that it is near full whatever the speed of the worker against the producer.
    const share = async () => {
      const { usedBytes, maxBytes } = parseInfoMemory(await t.redis.info('memory'));
      return usedBytes / maxBytes;
    };
    for (let i = 0; (await share()) < 0.8; i++) await t.redis.set(`ballast:${i}`, 'x'.repeat(1024 * 1024));
    // The producer, as docs/operations.md asks of one: before each bulk (4 jobs of 10 records, 1 MB) it waits while
    // Redis is above 90 % of maxmemory, and a bulk refused (OOM) goes again after a pause, with the same job ids.
    // 3,000 records (75 MB) go through the 5 MB left below 90 %: only deciding and reading free it.
    const accepted: string[] = [];
    let waits = 0;
    let refusals = 0;
    const nearFull = async () => (await share()) >= 0.9;
    for (let n = 0; n < 3000; n += 40) {
      const records = bulky(40, n);
      const jobs = Array.from({ length: 4 }, (_, j) => {
        const batch = records.slice(j * 10, j * 10 + 10);
        return {
          name: 'batch',
          data: batch,
          opts: { jobId: batchJobId(batch.map((r) => r.id as string)), removeOnComplete: true },
        };
      });
      for (;;) {
        if (await nearFull()) {
          waits++;
          await new Promise((r) => setTimeout(r, 20));
          continue;
        }
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
    await stop();

    process.stderr.write(
      `accepted ${accepted.length}, waited ${waits} times, refused ${refusals} times, paused ${pausedHealth.length} probes\n`,
    );
    expect(waits + refusals, 'the producer met a full Redis').toBeGreaterThan(0);
    expect(duplicates()).toBe(0);
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

describe('Redis filled with input by a producer that never pauses', () => {
  const limited = limitedRedis('20mb', 'full-input');

  it('says once that Redis is full, loses nothing, and decides everything once memory is raised', async () => {
    const t = limited.t;
    const { worker, health } = await limited.startWorker({});
    const { read, duplicates, stop } = readAll(t);

    // The producer: single jobs of 2.5 KB in bulks of 100, each refused bulk tried again 10 ms later, until
    // nothing has gone in for 3 s (Redis full of input: every write refused, the worker's included).
    const accepted: string[] = [];
    let lastIn = Date.now();
    for (let n = 0; Date.now() - lastIn < 3000; n += 100) {
      expect(n, 'Redis never filled up').toBeLessThan(40_000);
      const jobs = bulky(100, n, 10).map((data) => ({
        name: 'consignment',
        data,
        opts: { jobId: singleJobId(data.id as string) },
      }));
      while (Date.now() - lastIn < 3000) {
        try {
          await t.consignments.addBulk(jobs);
          accepted.push(...jobs.map((j) => j.data.id as string));
          lastIn = Date.now();
          break;
        } catch (e) {
          if (!/OOM|EXECABORT/.test((e as Error).message)) throw e;
          await new Promise((r) => setTimeout(r, 10));
        }
      }
    }
    const h = (await (await fetch(`${health}/health`)).json()) as Record<string, unknown>;
    expect(h).toMatchObject({ ok: true, takingJobs: false, memory: { full: true } });
    expect(read.size, 'decisions stopped coming').toBeLessThan(accepted.length);
    expect(worker.log().match(/Redis is at maxmemory/g)).toHaveLength(1);

    await t.redis.config('SET', 'maxmemory', '0');
    // Jobs of a bulk refused part-way may be in too (the producer did not count them): every job decided, none twice.
    await waitFor(
      async () => read.size >= accepted.length && (await t.consignments.getWaitingCount()) === 0,
      60_000,
      `${accepted.length} decisions read`,
    );
    await stop();
    expect(duplicates()).toBe(0);
    expect(accepted.every((id) => read.has(id))).toBe(true);
    expect(await t.consignments.getJobCounts('active', 'failed', 'delayed')).toEqual({
      active: 0,
      failed: 0,
      delayed: 0,
    });
    await waitFor(() => worker.log().includes('Redis has room again'), 5000, 'the worker saw memory free');
  }, 120_000);
});
