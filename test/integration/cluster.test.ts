import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { STAT } from '../../src/console/decisions-index.js';
import { consoleKeys } from '../../src/console/keys.js';
import type { Decision } from '../../src/decision/decision.js';
import { toConsignment } from '../../src/declaration/validate.js';
import { closeClient, createRedis, type RedisClient } from '../../src/queue/connection.js';
import type { DecisionsJob } from '../../src/queue/emitter.js';
import { hashTaggedPrefix } from '../../src/queue/names.js';
import { allPrefixes } from '../../src/queue/partitions.js';
import { submit } from '../../src/queue/producer.js';
import { SCORING_WORKER_SCRIPT, spawnWorker, type SpawnedWorker } from '../../src/queue/spawn-worker.js';
import { runCli } from '../cli/run-cli.js';
import { dashboardQueues } from './dashboard-process.js';
import { decisionCounts, records, TEST_RULES, waitFor, writeNdjson } from './harness.js';
import { startCluster, type Servers } from './topology.js';

const PARTITIONS = 6;
const N = 20_000;

describe('Redis Cluster with partitioned queues', () => {
  let cluster: Servers;
  let redis: RedisClient;
  let env: Record<string, string>;
  const workers: SpawnedWorker[] = [];
  const prefix = `test-cluster-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    cluster = await startCluster(3);
    env = {
      REDIS_CLUSTER_NODES: cluster.ports.map((p) => `127.0.0.1:${p}`).join(','),
      QUEUE_PREFIX: prefix,
      QUEUE_PARTITIONS: String(PARTITIONS),
      RULES_DIR: TEST_RULES,
      LOG_LEVEL: 'info',
      HOT_RELOAD: '0',
    };
    redis = createRedis(loadConfig(env));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    await closeClient(redis);
    await cluster.stop();
  });

  it('spreads 20,000 consignments over 6 partitions on 3 masters: each decided once, every chain verifies', async () => {
    const prefixes = allPrefixes(prefix, PARTITIONS).map(hashTaggedPrefix);
    const open = (name: string) => prefixes.map((p) => new Queue(name, { connection: redis, prefix: p }));
    const [consignments, decisions, rejected] = [open('consignments'), open('decisions'), open('rejected')];
    // Two workers, each consuming a different half of the partitions, and one consuming all.
    for (const owned of ['0-2', '3-5', ''])
      workers.push(spawnWorker(SCORING_WORKER_SCRIPT, { ...env, QUEUE_PARTITIONS_OWNED: owned, CONCURRENCY: '4' }));
    await Promise.all(workers.map((w) => w.ready));

    async function* items() {
      for (const r of records(N)) yield { consignment: toConsignment(r) };
    }
    await submit(items(), consignments, rejected[0], { batch: 100 });

    const all = async () => {
      const out: Decision[] = [];
      for (const q of decisions)
        for (const job of await q.getWaiting(0, -1)) out.push(...(job.data as DecisionsJob).decisions);
      return out;
    };
    let decided: Decision[] = [];
    await waitFor(async () => (decided = await all()).length >= N, 80_000, `${N} decisions`).catch((e: unknown) => {
      process.stderr.write(workers.map((w) => w.log().slice(-3000)).join('\n---\n'));
      throw e;
    });
    const counts = decisionCounts(decided);
    expect(decided).toHaveLength(N);
    expect(counts.size).toBe(N);
    // Every partition got its share, and its slot lives on one of the three masters.
    const perPartition = await Promise.all(decisions.map(async (q) => (await q.getWaitingCount()) > 0));
    expect(perPartition.every(Boolean)).toBe(true);
    for (const w of workers) expect(w.log()).not.toMatch(/MOVED|CROSSSLOT/);

    const verify = runCli(['audit', 'verify'], { env });
    expect(verify.status, verify.stderr).toBe(0);
    const chains = verify.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { stream: string; ok: boolean; checked: number });
    expect(chains.map((c) => c.stream)).toEqual(prefixes.map((p) => `${p}:audit`));
    expect(chains.every((c) => c.ok)).toBe(true);
    expect(chains.reduce((n, c) => n + c.checked, 0)).toBe(N);

    // The console's index lives under the logical prefix, in another slot than the partitions': it is written
    // after each commit rather than in it, and still counts every decision once.
    const keys = consoleKeys(prefix);
    const indexed = async () => {
      const days = await redis.zrange(keys.days, 0, -1);
      const counts = await Promise.all(days.map((d) => redis.hget(keys.stats(d), STAT.total)));
      return counts.reduce((n, c) => n + Number(c ?? 0), 0);
    };
    await waitFor(async () => (await indexed()) >= N, 10_000, `${N} decisions indexed`);
    expect(await indexed()).toBe(N);

    // `targeting results` reads (and consumes) every partition's decisions.
    const out = join(cluster.dir, 'decisions.ndjson');
    const results = runCli(['results', '--out', out], { env });
    expect(results.status, results.stderr).toBe(0);
    expect(results.stderr).toContain(`${N} decisions read`);
    const read = readFileSync(out, 'utf8').trim().split('\n');
    expect(read).toHaveLength(N);
    expect(new Set(read.map((l) => (JSON.parse(l) as Decision).id)).size).toBe(N);

    await Promise.all([...consignments, ...decisions, ...rejected].map((q) => q.close()));
  }, 150_000);

  it('targeting submit and the dashboard reach it through the same settings', async () => {
    const input = writeNdjson(join(cluster.dir, 'more.ndjson'), records(12, 'K'));
    const submitted = runCli(['submit', input, '--batch', '3'], { env });
    expect(submitted.status, submitted.stderr).toBe(0);
    expect(submitted.stderr).toContain('submitted 12 consignments');
    const decisions = allPrefixes(prefix, PARTITIONS).map(
      (p) => new Queue('decisions', { connection: redis, prefix: hashTaggedPrefix(p) }),
    );
    const waiting = async () => (await Promise.all(decisions.map((q) => q.getWaiting(0, -1)))).flat();
    let decided: Decision[] = [];
    await waitFor(
      async () => (decided = (await waiting()).flatMap((j) => (j.data as DecisionsJob).decisions)).length >= 12,
      30_000,
      'the 12 submitted',
    );
    expect(new Set(decided.map((d) => d.id))).toEqual(new Set(records(12, 'K').map((r) => r.id)));

    // Every partition's queues, read off the masters that own them: the decisions waiting as our client counts them.
    const shown = new Map((await dashboardQueues(env)).map((q) => [q.name, q.counts.waiting]));
    const prefixes = allPrefixes(prefix, PARTITIONS).map(hashTaggedPrefix);
    expect([...shown.keys()].sort()).toEqual(
      prefixes.flatMap((p) => ['consignments', 'decisions', 'rejected'].map((q) => `${p}:${q}`)).sort(),
    );
    const counted = await Promise.all(decisions.map((q) => q.getWaitingCount()));
    expect(prefixes.map((p) => shown.get(`${p}:decisions`))).toEqual(counted);
    expect(counted.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    await Promise.all(decisions.map((q) => q.close()));
  }, 60_000);

  it('audit verify fails on a prefix that holds no audit log', () => {
    const res = runCli(['audit', 'verify'], { env: { ...env, QUEUE_PREFIX: 'no-such-prefix' } });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/no audit log at \{no-such-prefix-0\}:audit/);
    expect(res.stdout).toBe('');
  }, 60_000);

  it('a worker pointed at a cluster node without cluster settings exits 1 with one line naming REDIS_CLUSTER_NODES', async () => {
    const { REDIS_CLUSTER_NODES: _nodes, QUEUE_PARTITIONS: _p, ...plain } = env;
    const worker = spawnWorker(SCORING_WORKER_SCRIPT, { ...plain, REDIS_URL: `redis://127.0.0.1:${cluster.ports[0]}` });
    expect(await worker.exited).toBe(1);
    const lines = worker.log().trim().split('\n');
    expect(lines.at(-1)).toMatch(/Cluster node.*set REDIS_CLUSTER_NODES/);
    expect(worker.log()).not.toMatch(/MOVED/);
  }, 60_000);
});
