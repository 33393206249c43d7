import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { records, testQueues, writeNdjson, type TestQueues } from './harness.js';
import { startRedisProcess, type RedisProcess } from './redis-process.js';

const N = 100_000;

/** Every consignment id the input queue holds, job by job (a batch job holds many). */
async function queued(t: TestQueues): Promise<string[]> {
  const jobs = await t.consignments.getWaiting(0, -1);
  return jobs.flatMap((j) => (j.data as { id: string }[]).map((r) => r.id));
}

describe('targeting submit into a Redis at maxmemory', () => {
  let redis: RedisProcess;
  let t: TestQueues;
  const dir = mkdtempSync(join(tmpdir(), 'targeting-submit-full-'));
  const input = join(dir, 'in.ndjson');
  beforeAll(async () => {
    redis = await startRedisProcess(['--maxmemory', '4mb', '--maxmemory-policy', 'noeviction']);
    t = testQueues('submit-full', redis.url);
    writeNdjson(input, records(N));
  });
  afterAll(async () => {
    await t?.close().catch(() => {});
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops with one REDIS_FULL line saying how many went in, whole jobs only; the same command again completes it', async () => {
    // Waiting for memory (30 s below MEMORY_HIGH_PERCENT) is not the subject: Redis' own refusal is.
    const env = { REDIS_URL: redis.url, QUEUE_PREFIX: t.prefix, MEMORY_HIGH_PERCENT: '99' };
    const full = runCli(['submit', input, '--batch', '500'], { env });
    expect(full.status, full.stderr).not.toBe(0);
    const lines = full.stderr.trim().split('\n');
    expect(lines, full.stderr).toHaveLength(1);
    const said = /^error: .*Redis is out of memory \(.+\): stopped after (\d+) consignments in (\d+) jobs/.exec(
      lines[0],
    );
    expect(said, lines[0]).not.toBeNull();
    const [submitted, jobs] = [Number(said![1]), Number(said![2])];
    expect(submitted).toBeGreaterThan(0);
    expect(submitted).toBeLessThan(N);
    // What it says went in is exactly what the queue holds: no bulk went in by halves.
    expect(await t.consignments.getWaitingCount()).toBe(jobs);
    expect((await queued(t)).length).toBe(submitted);

    await t.redis.config('SET', 'maxmemory', '0');
    const again = runCli(['submit', input, '--batch', '500'], { env });
    expect(again.status, again.stderr).toBe(0);
    const ids = await queued(t);
    expect(ids.length).toBe(N);
    expect(new Set(ids).size).toBe(N);
  }, 90_000);
});
