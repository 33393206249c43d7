import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { closeClient, createRedis, type RedisClient } from '../../src/queue/connection.js';
import { singleJobId } from '../../src/queue/job-ids.js';
import { hashTaggedPrefix } from '../../src/queue/names.js';
import { SCORING_WORKER_SCRIPT, spawnWorker, type SpawnedWorker } from '../../src/queue/spawn-worker.js';
import { runCli } from '../cli/run-cli.js';
import { dashboardQueues } from './dashboard-process.js';
import { allDecisions, decisionCounts, records, TEST_RULES, waitFor, writeNdjson } from './harness.js';
import { sentinelFailover, sentinelMaster, startSentinelSet, type Servers } from './topology.js';

const N = 3000;

describe('Sentinel failover mid-stream, commits waiting for a replica', () => {
  let servers: Servers;
  let redis: RedisClient;
  let env: Record<string, string>;
  let worker: SpawnedWorker | undefined;
  const prefix = `test-sentinel-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    servers = await startSentinelSet();
    env = {
      REDIS_SENTINELS: `127.0.0.1:${servers.ports[2]}`,
      REDIS_SENTINEL_NAME: 'mymaster',
      REDIS_WAIT_REPLICAS: '1',
      REDIS_WAIT_TIMEOUT_MS: '2000',
      QUEUE_PREFIX: prefix,
      RULES_DIR: TEST_RULES,
      // Jobs the old master handed out and the new one never saw complete come back soon.
      LOCK_DURATION_MS: '5000',
      STALLED_INTERVAL_MS: '2000',
      LOG_LEVEL: 'info',
      HOT_RELOAD: '0',
    };
    redis = createRedis(loadConfig(env));
    redis.on('error', () => {});
  }, 60_000);
  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await closeClient(redis);
    await servers.stop();
  });

  it('loses nothing and decides nothing twice; the new master holds every decision and the whole chain', async () => {
    const [oldMaster] = servers.ports;
    const queue = (name: string) => new Queue(name, { connection: redis, prefix: hashTaggedPrefix(prefix) });
    const [consignments, decisions] = [queue('consignments'), queue('decisions')];
    for (const q of [consignments, decisions]) q.on('error', () => {});
    // Single jobs: many commits in flight when the master changes. No attempts, as a third-party producer may set
    // none: the worker waits out the failover and the missing replica on its own.
    await consignments.addBulk(
      records(N).map((r) => ({ name: 'consignment', data: r, opts: { jobId: singleJobId(r.id as string) } })),
    );
    worker = spawnWorker(SCORING_WORKER_SCRIPT, { ...env, CONCURRENCY: '8' });
    await worker.ready;
    await waitFor(async () => (await decisions.getWaitingCount()) >= 50, 30_000, 'first decisions');

    await sentinelFailover(servers.ports[2]);
    await waitFor(async () => (await sentinelMaster(servers.ports[2])) !== oldMaster, 30_000, 'the promotion');

    let decided = await allDecisions(decisions);
    await waitFor(
      async () => (decided = await allDecisions(decisions).catch(() => decided)).length >= N,
      75_000,
      `${N} decisions on the new master`,
    ).catch((e: unknown) => {
      process.stderr.write(worker!.log().slice(-5000));
      throw e;
    });
    // Let anything that would duplicate arrive: stalled jobs come back within lock + stall interval.
    await new Promise((r) => setTimeout(r, 8000));
    decided = await allDecisions(decisions);
    const counts = decisionCounts(decided);
    expect(counts.size).toBe(N);
    expect(decided).toHaveLength(N);
    expect((await consignments.getFailed()).map((j) => `${j.id}: ${j.failedReason}`)).toEqual([]);
    expect((await consignments.getJobCounts('active', 'wait')) as Record<string, number>).toEqual({
      active: 0,
      wait: 0,
    });
    expect(worker.child.exitCode).toBeNull();

    // audit verify reaches the new master through the same Sentinel settings.
    const verify = runCli(['audit', 'verify'], { env });
    expect(verify.status, verify.stderr).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, checked: N, start: 'genesis' });

    // So do submit and results: five more in through the CLI, then every decision out.
    const input = writeNdjson(join(servers.dir, 'more.ndjson'), records(5, 'S'));
    const submitted = runCli(['submit', input], { env });
    expect(submitted.status, submitted.stderr).toBe(0);
    await waitFor(async () => (await allDecisions(decisions)).length >= N + 5, 30_000, 'the five submitted');
    const out = join(servers.dir, 'decisions.ndjson');
    const results = runCli(['results', '--out', out], { env });
    expect(results.status, results.stderr).toBe(0);
    const read = readFileSync(out, 'utf8').trim().split('\n');
    expect(new Set(read.map((l) => (JSON.parse(l) as { id: string }).id)).size).toBe(N + 5);
    // And the dashboard: the input queue, drained on the new master, as it shows it.
    const shown = new Map((await dashboardQueues(env)).map((q) => [q.name, q.counts]));
    expect(shown.get('consignments')).toMatchObject({ waiting: 0, active: 0, failed: 0 });
    expect([...shown.keys()].sort()).toEqual(['consignments', 'decisions', 'feedback', 'rejected']);
    await Promise.all([consignments.close(), decisions.close()]);
  }, 170_000);
});
