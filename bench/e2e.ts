import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import type { RedisClient } from '../src/queue/connection.js';
import type { Config } from '../src/config/load.js';
import type { Declaration } from '../src/declaration/declaration.js';
import { closeClient, createRedis } from '../src/queue/connection.js';
import { singleJobId } from '../src/queue/job-ids.js';
import { hashTaggedPrefix } from '../src/queue/names.js';
import { allPrefixes, partitionOf } from '../src/queue/partitions.js';
import { readSourceFile, submit, type SourceItem } from '../src/queue/producer.js';
import { toDeclarationRecord, toRecord } from '../src/queue/payload.js';
import { deleteQueueKeys } from '../src/queue/cleanup.js';
import type { DecisionsJob } from '../src/queue/emitter.js';
import { projectRoot } from '../src/project-root.js';
import { SCORING_WORKER_SCRIPT, spawnWorker } from '../src/queue/spawn-worker.js';
import { declarationsOf } from './declarations.js';
import { median } from './side-by-side.js';

/** The no-op worker the e2e bench compares the scoring worker with, built beside this file. */
const NOOP_WORKER_SCRIPT = join(projectRoot(), 'dist/bench/noop-worker.js');

export interface E2eOptions {
  config: Config;
  /** Consignments to replicate (ids are made unique per phase). */
  dataFile: string;
  /** Goods items per declaration: the file's records grouped `items` at a time (1: each record as it is). */
  items: number;
  batchConsignments: number;
  singleConsignments: number;
  latencySeconds: number;
  /** Seconds sent at the same rate before latencies count: a fresh worker process starts cold. */
  warmupSeconds: number;
  rate: number;
  singleConcurrency: number;
  batchConcurrency: number;
  /** Worker processes in the throughput phases (scoring and no-op alike). */
  workers: number;
  /** Throughput rounds; each figure is the median. */
  rounds: number;
  /** QUEUE_PARTITIONS for every phase (0: one unpartitioned prefix). */
  partitions?: number;
  log?: (line: string) => void;
}

export interface E2eResult {
  /** Declarations per second (consignments when `items` is 1), as every rate here. */
  batch_per_s: number;
  single_per_s: number;
  noop_single_per_s: number;
  /** The no-op worker on the same batch jobs: what BullMQ and Redis carry at that size with nothing decided or written. */
  noop_batch_per_s: number;
  p50_ms: number;
  p99_ms: number;
  /** The no-op worker's latencies at the same rate: what the machine and BullMQ allow. */
  noop_p50_ms: number;
  noop_p99_ms: number;
  /** Goods items per declaration. */
  items: number;
  /** The same throughputs counted in goods items. */
  batch_items_per_s: number;
  single_items_per_s: number;
}

/** Declarations a batch job carries: 500 goods items in whole declarations (500 consignments when flat). */
export function declarationsPerBatchJob(items: number): number {
  return Math.max(1, Math.floor(500 / items));
}

/**
 * Submit → decision through Redis, each phase on its own key prefix with a
 * freshly spawned worker process: scoring batch jobs (500 per job), scoring
 * single jobs, a no-op BullMQ worker on each kind of job (the ceilings), then
 * latency at a fixed submit rate, of both workers. Keys are removed after each phase.
 */
export async function runE2eBench(o: E2eOptions): Promise<E2eResult> {
  const base = `${o.config.prefix}-bench-${process.pid}-${Date.now().toString(36)}`;
  const sample = await loadSample(o.dataFile, o.items);
  const perBatchJob = declarationsPerBatchJob(o.items);
  const log = o.log ?? (() => {});
  const redis = createRedis(o.config);
  try {
    // Rounds alternate which of no-op and scoring goes first, so load from elsewhere on the machine
    // hits both alike; each figure is the median over the rounds.
    const runs = { noop: [] as number[], single: [] as number[], batch: [] as number[], noopBatch: [] as number[] };
    for (let round = 0; round < o.rounds; round++) {
      const pair = [
        async () =>
          runs.noop.push(await throughput(o, redis, `${base}-noop${round}`, sample, 1, o.singleConsignments, 'noop')),
        async () =>
          runs.single.push(
            await throughput(o, redis, `${base}-single${round}`, sample, 1, o.singleConsignments, 'score'),
          ),
      ];
      const batchPair = [
        async () =>
          runs.batch.push(
            await throughput(o, redis, `${base}-batch${round}`, sample, perBatchJob, o.batchConsignments, 'score'),
          ),
        async () =>
          runs.noopBatch.push(
            await throughput(o, redis, `${base}-noopbatch${round}`, sample, perBatchJob, o.batchConsignments, 'noop'),
          ),
      ];
      if (round % 2) {
        pair.reverse();
        batchPair.reverse();
      }
      for (const run of [...pair, ...batchPair]) await run();
      log(
        `round ${round + 1}: no-op single ${runs.noop[round].toFixed(0)}/s, scoring single ${runs.single[round].toFixed(0)}/s, no-op batch ${runs.noopBatch[round].toFixed(0)}/s, scoring batch ${runs.batch[round].toFixed(0)}/s`,
      );
    }
    const [noop, single, batch] = [median(runs.noop), median(runs.single), median(runs.batch)];
    const latency = await latencyAtRate(o, redis, `${base}-latency`, sample, 'score');
    const noopLatency = await latencyAtRate(o, redis, `${base}-nooplatency`, sample, 'noop');
    log(
      `latency at ${o.rate}/s: p50 ${latency.p50.toFixed(2)} ms, p99 ${latency.p99.toFixed(2)} ms (no-op: p50 ${noopLatency.p50.toFixed(2)} ms, p99 ${noopLatency.p99.toFixed(2)} ms)`,
    );
    return {
      batch_per_s: round(batch),
      single_per_s: round(single),
      noop_single_per_s: round(noop),
      noop_batch_per_s: round(median(runs.noopBatch)),
      p50_ms: round(latency.p50, 2),
      p99_ms: round(latency.p99, 2),
      noop_p50_ms: round(noopLatency.p50, 2),
      noop_p99_ms: round(noopLatency.p99, 2),
      items: o.items,
      batch_items_per_s: round(batch * o.items),
      single_items_per_s: round(single * o.items),
    };
  } finally {
    await closeClient(redis);
  }
}

async function throughput(
  o: E2eOptions,
  redis: RedisClient,
  prefix: string,
  sample: Declaration[],
  batch: number,
  n: number,
  kind: 'noop' | 'score',
): Promise<number> {
  const env = workerEnv(o, prefix, batch === 1 ? o.singleConcurrency : o.batchConcurrency);
  const workers = Array.from({ length: o.workers }, () => spawnScoringOrNoop(kind, env));
  const queues = openQueues(o, redis, prefix);
  try {
    await Promise.all(workers.map((w) => w.ready));
    const items = replicate(sample, n, prefix);
    const started = performance.now();
    let submitted = false;
    const input = queues.consignments.length === 1 ? queues.consignments[0] : queues.consignments;
    const producing = submit(items, input, queues.rejected[0], { batch }).then(() => (submitted = true));
    // A scoring job completes only once its decisions are in the decisions queue, so an input queue
    // drained of submitted jobs means every decision is out, for both kinds of worker.
    for (;;) {
      await sleep(5);
      if (submitted && (await pending(queues.consignments)) === 0) break;
    }
    const seconds = (performance.now() - started) / 1000;
    await producing;
    // Checked after the clock stops: reading every decision back is the bench's work, not the pipeline's.
    if (kind === 'score') await checkAllDecided(queues.decisions, n, o.items);
    return n / seconds;
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await closeQueues(queues);
    await cleanUp(o, redis, prefix);
  }
}

async function latencyAtRate(
  o: E2eOptions,
  redis: RedisClient,
  prefix: string,
  sample: Declaration[],
  kind: 'noop' | 'score',
): Promise<{ p50: number; p99: number }> {
  const worker = spawnScoringOrNoop(kind, workerEnv(o, prefix, o.singleConcurrency));
  const queues = openQueues(o, redis, prefix);
  // Completion of an input job follows the write of its decision: latency to it slightly overstates latency to the decision.
  const events = prefixesOf(o, prefix).map(
    (p) => new QueueEvents(o.config.queues.consignments, { connection: redis, prefix: hashTaggedPrefix(p) }),
  );
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  for (const e of events)
    e.on('completed', ({ jobId }) => {
      const t = sentAt.get(jobId);
      if (t !== undefined) latencies.push(performance.now() - t);
    });
  try {
    await Promise.all([worker.ready, ...events.map((e) => e.waitUntilReady())]);
    const warmup = Math.round(o.rate * o.warmupSeconds);
    const total = warmup + Math.round(o.rate * o.latencySeconds);
    const records = sample.map(toDeclarationRecord);
    const started = performance.now();
    const adds: Promise<unknown>[] = [];
    for (let sent = 0; sent < total;) {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * o.rate));
      for (; sent < due; sent++) {
        const id = `${prefix}-${sent}`;
        const jobId = singleJobId(id);
        if (sent >= warmup) sentAt.set(jobId, performance.now());
        const input = queues.consignments[partitionOf(id, queues.consignments.length)];
        adds.push(
          input.add('consignment', { ...records[sent % records.length], id }, { jobId, removeOnComplete: true }),
        );
      }
      await sleep(1);
    }
    await Promise.all(adds);
    const measured = total - warmup;
    const deadline = performance.now() + 10_000;
    while (latencies.length < measured && performance.now() < deadline) await sleep(10);
    if (latencies.length < measured)
      throw new Error(`only ${latencies.length} of ${measured} decisions seen within 10 s`);
    latencies.sort((a, b) => a - b);
    return { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
  } finally {
    await Promise.all(events.map((e) => e.close()));
    await worker.stop();
    await closeQueues(queues);
    await cleanUp(o, redis, prefix);
  }
}

function spawnScoringOrNoop(kind: 'noop' | 'score', env: Record<string, string>) {
  return kind === 'noop'
    ? spawnWorker(NOOP_WORKER_SCRIPT, env, 'noop worker started')
    : spawnWorker(SCORING_WORKER_SCRIPT, env);
}

/** The run only counts if every declaration got its decision, of all its items: a bench that loses work measures nothing. */
async function checkAllDecided(queues: Queue[], n: number, items: number): Promise<void> {
  let count = 0;
  const ids = new Set<string>();
  for (const decisions of queues) {
    const jobs = await decisions.getWaitingCount();
    for (let start = 0; start < jobs; start += 500) {
      for (const job of await decisions.getWaiting(start, start + 499)) {
        for (const d of (job.data as DecisionsJob).decisions) {
          count++;
          ids.add(d.id);
          if ((d.items?.length ?? 1) !== items)
            throw new Error(`decision ${d.id} has ${d.items?.length} items, not ${items}`);
        }
      }
    }
  }
  if (count !== n || ids.size !== n)
    throw new Error(`${count} decisions for ${ids.size} distinct ids, ${n} consignments submitted`);
}

function workerEnv(o: E2eOptions, prefix: string, concurrency: number): Record<string, string> {
  const c = o.config;
  const hosts = (list?: { host: string; port: number }[]) => list?.map((n) => `${n.host}:${n.port}`).join(',');
  return {
    REDIS_URL: c.redisUrl,
    ...(c.sentinels ? { REDIS_SENTINELS: hosts(c.sentinels)!, REDIS_SENTINEL_NAME: c.sentinelName } : {}),
    ...(c.clusterNodes ? { REDIS_CLUSTER_NODES: hosts(c.clusterNodes)! } : {}),
    REDIS_WAIT_REPLICAS: String(c.waitReplicas),
    REDIS_WAIT_TIMEOUT_MS: String(c.waitTimeoutMs),
    QUEUE_PREFIX: prefix,
    QUEUE_PARTITIONS: o.partitions ? String(o.partitions) : '',
    CONCURRENCY: String(concurrency),
    RULES_DIR: c.rulesDir,
    LOG_LEVEL: 'info',
    HOT_RELOAD: '0',
  };
}

const prefixesOf = (o: E2eOptions, prefix: string) => allPrefixes(prefix, o.partitions);

/** Each queue once per partition (once without partitions). */
function openQueues(o: E2eOptions, redis: RedisClient, prefix: string) {
  const open = (name: string) =>
    prefixesOf(o, prefix).map((p) => new Queue(name, { connection: redis, prefix: hashTaggedPrefix(p) }));
  return {
    consignments: open(o.config.queues.consignments),
    decisions: open(o.config.queues.decisions),
    rejected: open(o.config.queues.rejected),
  };
}

async function pending(queues: Queue[]): Promise<number> {
  const counts = await Promise.all(queues.map((q) => q.getJobCountByTypes('wait', 'active', 'prioritized')));
  return counts.reduce((a, b) => a + b, 0);
}

async function closeQueues(q: ReturnType<typeof openQueues>): Promise<void> {
  await Promise.all([...q.consignments, ...q.decisions, ...q.rejected].map((queue) => queue.close()));
}

async function cleanUp(o: E2eOptions, redis: RedisClient, prefix: string): Promise<void> {
  for (const p of prefixesOf(o, prefix)) await deleteQueueKeys(redis, p);
}

/** The file's valid records, flat, grouped into declarations of `items` goods items. */
async function loadSample(file: string, items: number): Promise<Declaration[]> {
  const records: Record<string, unknown>[] = [];
  for await (const item of readSourceFile(file))
    if ('declaration' in item) for (const c of item.declaration.items) records.push(toRecord(c));
  if (records.length === 0) throw new Error(`no valid consignment in ${file}`);
  return declarationsOf(records, items);
}

async function* replicate(sample: Declaration[], n: number, tag: string): AsyncGenerator<SourceItem> {
  for (let i = 0; i < n; i++) yield { declaration: renamed(sample[i % sample.length], `${tag}-${i}`) };
}

/** A declaration under another id, its items with it. */
function renamed(d: Declaration, id: string): Declaration {
  return { ...d, id, key: id, items: d.items.map((c) => ({ ...c, id })) };
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function round(n: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
