import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { singleJobId } from '../../src/queue/job-ids.js';
import type { SpawnedWorker } from '../../src/queue/spawn-worker.js';
import { allDecisions, decisionCounts, records, startWorker, testQueues, waitFor, type TestQueues } from './harness.js';
import { startRedisProcess, type RedisProcess } from './redis-process.js';

const CONSIGNMENTS = 6_000;

describe('Redis killed (kill -9) four times under a backlog', () => {
  let redis: RedisProcess | undefined;
  let worker: SpawnedWorker | undefined;
  let t: TestQueues | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'targeting-kill-'));
  afterEach(async () => {
    await worker?.stop('SIGKILL');
    await t?.close().catch(() => {});
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('jobs submitted without attempts are each decided exactly once, none failed', async () => {
    // What Redis acknowledged survives kill -9 only with `appendfsync always` (docs/operations.md, durability across
    // a crash). With everysec the last second of acknowledged writes may go: a commit lost so while its job's
    // completion, resent on the reconnect, lands on the restarted server leaves a consignment undecided (5,999 of
    // 6,000 in one fresh-clone run of 21 on 2026-12-07).
    redis = await startRedisProcess(['--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always']);
    t = testQueues('kill9', redis.url);
    const recs = records(CONSIGNMENTS);
    // A third-party producer that sets no `attempts`: one try per job, as far as BullMQ is concerned.
    for (let i = 0; i < recs.length; i += 2000) {
      await t.consignments.addBulk(
        recs.slice(i, i + 2000).map((r) => ({ name: 'c', data: r, opts: { jobId: singleJobId(r.id as string) } })),
      );
    }
    // A restart can lose the locks of jobs in flight: they come back through the stalled check, so check often
    // (as a deployment that expects restarts would) and let a job stall once per kill without failing it.
    const recovery = { LOCK_DURATION_MS: '5000', STALLED_INTERVAL_MS: '2000', MAX_STALLED_COUNT: '10' };
    worker = startWorker(t, { CONCURRENCY: '32', METRICS_PORT: '0', ...recovery }, redis.url);
    await worker.ready;
    await waitFor(async () => (await t!.decisions.getWaitingCount()) >= 5, 30_000, 'first decisions');
    const backlog: number[] = [];
    for (let kill = 0; kill < 4; kill++) {
      backlog.push(await t.consignments.getWaitingCount());
      await redis.kill9();
      await redis.restart();
      await new Promise((r) => setTimeout(r, 2000));
    }
    await waitFor(
      async () => (await t!.consignments.getJobCountByTypes('wait', 'active', 'delayed', 'prioritized')) === 0,
      45_000,
      'the backlog to drain',
    ).catch((e: unknown) => {
      process.stderr.write(worker!.log().slice(-4000));
      throw e;
    });
    // Killed under a backlog: jobs were waiting (and others in flight) at least at the first kills.
    expect(backlog[0]).toBeGreaterThan(0);
    expect(await t.consignments.getFailedCount()).toBe(0);
    const counts = decisionCounts(await allDecisions(t.decisions));
    expect(counts.size).toBe(CONSIGNMENTS);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(worker.child.exitCode).toBeNull();

    // The faults show in the log. A kill that catches a commit in flight is retried, logged and counted; one that
    // falls between commits (the worker waiting for jobs) is only a lost connection, which BullMQ reconnects.
    const log = worker.log();
    const retried = log.includes('transient Redis error: retrying the commit');
    expect(retried || log.includes('Redis connection interrupted: reconnecting')).toBe(true);
    const url = /"url":"(http:[^"]+)"/.exec(log)![1];
    const metrics = await (await fetch(`${url}/metrics`)).text();
    const retries = [...metrics.matchAll(/^targeting_redis_retries_total\{kind="[^"]+"\} (\d+)/gm)].map((m) =>
      Number(m[1]),
    );
    expect(retries.reduce((a, b) => a + b, 0) > 0).toBe(retried);
  }, 120_000);
});
