import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Queue, type Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { parseEntry } from '../../src/audit/keys.js';
import { verifyStream } from '../../src/audit/verify.js';
import { deleteQueueKeys } from '../../src/queue/cleanup.js';
import { bullConnection, DEFAULT_REDIS_URL, redisOptions } from '../../src/queue/connection.js';
import { hashTaggedPrefix, ownKey } from '../../src/queue/names.js';
import { fuzzJobs, LIMITS, PII_MARKER } from './fuzz-payloads.js';

const JOBS = 10_000;
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
const WORKER = resolve('dist/workers/scoring-worker.js');
const redisUrl = process.env.REDIS_URL ?? DEFAULT_REDIS_URL;
const prefix = `fuzz${randomUUID().slice(0, 8)}`;
const connection = bullConnection({ redisUrl });
const queue = (name: string) => new Queue(name, { connection, prefix: hashTaggedPrefix(prefix) });

let worker: ReturnType<typeof spawn>;
let log = '';
const queues = { consignments: queue('consignments'), decisions: queue('decisions'), rejected: queue('rejected') };

beforeAll(async () => {
  if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: build first (npx tsc -p tsconfig.build.json)`);
  worker = spawn(process.execPath, [WORKER], {
    env: {
      ...process.env,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      RULES_DIR: resolve('rules'),
      BATCH_MAX: String(LIMITS.batchMax),
      MAX_PAYLOAD_BYTES: String(LIMITS.maxPayloadBytes),
      CONCURRENCY: '8',
      HOT_RELOAD: '0',
      LOG_LEVEL: 'debug',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  worker.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  await new Promise<void>((ready, fail) => {
    const check = setInterval(() => log.includes('scoring worker started') && (clearInterval(check), ready()), 50);
    worker.once('exit', (code) => (clearInterval(check), fail(new Error(`worker exited (${code}):\n${log}`))));
  });
});

afterAll(async () => {
  if (worker && worker.exitCode === null) worker.kill('SIGKILL');
  for (const q of Object.values(queues)) await q.close();
  // Queues, decided ids, the writers' lease and the audit stream: everything under the test's prefix.
  const redis = new Redis({ ...redisOptions(redisUrl), maxRetriesPerRequest: 1 });
  await deleteQueueKeys(redis, prefix);
  redis.disconnect();
});

async function allJobs(q: Queue): Promise<Job[]> {
  const out: Job[] = [];
  for (let start = 0; ; start += 1000) {
    const page = await q.getJobs(['waiting', 'prioritized', 'delayed'], start, start + 999, true);
    out.push(...page);
    if (page.length < 1000) return out;
  }
}

describe('worker fuzz', () => {
  it(`decides every valid consignment and rejects every bad one with a reason, over ${JOBS} random payloads, without crashing`, async () => {
    const jobs = fuzzJobs(JOBS, SEED);
    const started = Date.now();
    for (let i = 0; i < jobs.length; i += 500) {
      await queues.consignments.addBulk(
        jobs.slice(i, i + 500).map((j, k) => ({
          name: 'fuzz',
          data: j.data,
          opts: { jobId: `f${i + k}`, attempts: 1, removeOnComplete: true },
        })),
      );
    }
    for (;;) {
      const c = await queues.consignments.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed');
      if (c.waiting + c.active + c.delayed + c.prioritized === 0) {
        expect(c.failed, `failed jobs; worker log tail:\n${log.slice(-3000)}`).toBe(0);
        break;
      }
      expect(worker.exitCode, `worker died:\n${log.slice(-3000)}`).toBeNull();
      await new Promise((r) => setTimeout(r, 200));
    }
    const seconds = (Date.now() - started) / 1000;

    // A decisions job carries the decisions of one or more input jobs: count them by consignment id.
    const decided = new Map<string, number>();
    for (const j of await allJobs(queues.decisions)) {
      for (const d of j.data.decisions as { id: string }[]) decided.set(d.id, (decided.get(d.id) ?? 0) + 1);
    }
    const rejected = new Map<string, { code: string; reason: string }[]>();
    for (const j of await allJobs(queues.rejected)) {
      const list = rejected.get(j.data.source as string) ?? [];
      list.push(j.data as { code: string; reason: string });
      rejected.set(j.data.source as string, list);
    }

    let valid = 0;
    let invalid = 0;
    jobs.forEach((job, i) => {
      const source = `f${i}`;
      const reasons = rejected.get(source) ?? [];
      for (const id of job.valid)
        expect(
          decided.get(id),
          `decisions of ${id} (job ${i}): ${String(JSON.stringify(job.data)).slice(0, 300)}`,
        ).toBe(1);
      expect(
        reasons.length,
        `rejections of job ${i}: ${String(JSON.stringify(job.data)).slice(0, 300)} → ${JSON.stringify(reasons).slice(0, 300)}`,
      ).toBe(job.invalid);
      for (const r of reasons) {
        expect(r.code).toMatch(/^[A-Z_]+$/);
        expect(r.reason.length).toBeGreaterThan(5);
      }
      valid += job.valid.length;
      invalid += job.invalid;
    });
    expect(
      [...decided.values()].reduce((a, b) => a + b, 0),
      'decisions beyond the valid consignments',
    ).toBe(valid);
    expect(valid).toBeGreaterThan(10_000);
    expect(invalid).toBeGreaterThan(3_000);

    // Every decision is in the audit trail, once, and the chain verifies.
    const redis = new Redis({ ...redisOptions(redisUrl), maxRetriesPerRequest: 1 });
    try {
      const audit = await verifyStream(redis, ownKey(prefix, 'audit'));
      expect(audit).toMatchObject({ ok: true, checked: valid, start: 'genesis' });
      const audited = new Set<string>();
      for (const entry of (await redis.xrange(ownKey(prefix, 'audit'), '-', '+')) as [string, string[]][]) {
        for (const record of parseEntry(entry).records) audited.add((record as { id: string }).id);
      }
      expect(audited.size).toBe(valid);
    } finally {
      redis.disconnect();
    }

    // Trader identifiers of thousands of records went through debug logging: none may appear.
    expect(log).not.toContain(PII_MARKER);
    expect(worker.exitCode).toBeNull();
    worker.kill('SIGTERM');
    expect(await new Promise((r) => worker.once('exit', r))).toBe(0);
    process.stderr.write(
      `fuzz: ${JOBS} payloads (${valid} valid, ${invalid} invalid records) in ${seconds.toFixed(1)} s, seed ${SEED}\n`,
    );
  }, 300_000);
});
