import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../chromium.js';
import { deleteQueueKeys } from '../../src/queue/cleanup.js';
import { bullConnection, createRedis, DEFAULT_REDIS_URL } from '../../src/queue/connection.js';
import { hashTaggedPrefix } from '../../src/queue/names.js';
import { freePort } from './redis-server.js';

const WORKER = resolve('dist/workers/scoring-worker.js');
const CLI = resolve('dist/src/cli/main.js');
const redisUrl = process.env.REDIS_URL ?? DEFAULT_REDIS_URL;
const prefix = `ops${randomUUID().slice(0, 8)}`;
const connection = bullConnection({ redisUrl });

interface Proc {
  child: ChildProcess;
  log: () => string;
}

function start(args: string[], env: Record<string, string>, readyText: string): Promise<Proc> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
  return new Promise((ready, fail) => {
    const timer = setInterval(
      () => log.includes(readyText) && (clearInterval(timer), ready({ child, log: () => log })),
      25,
    );
    child.once(
      'exit',
      (code) => (clearInterval(timer), fail(new Error(`${args.join(' ')} exited (${code}):\n${log}`))),
    );
  });
}

async function stop(p?: Proc): Promise<number | null> {
  if (!p || p.child.exitCode !== null) return p?.child.exitCode ?? null;
  p.child.kill('SIGTERM');
  return new Promise((r) => p.child.once('exit', (code) => r(code)));
}

let worker: Proc;
let metricsUrl: string;
const queues: Queue[] = [];

beforeAll(async () => {
  for (const f of [WORKER, CLI])
    if (!existsSync(f)) throw new Error(`${f} is missing: build first (npx tsc -p tsconfig.build.json)`);
  const port = await freePort();
  metricsUrl = `http://127.0.0.1:${port}`;
  worker = await start(
    [WORKER],
    { RULES_DIR: resolve('rules'), HOT_RELOAD: '0', METRICS_PORT: String(port) },
    'scoring worker started',
  );
});

afterAll(async () => {
  expect(await stop(worker)).toBe(0);
  await Promise.all(queues.map((q) => q.close()));
  // Queues, decided ids, the writers' lease and the audit stream: everything under the test's prefix.
  const redis = createRedis({ redisUrl });
  await deleteQueueKeys(redis, prefix);
  await redis.quit();
});

const metric = (text: string, series: string): number => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? Number.NaN : Number(line.slice(series.length + 1));
};

describe('running worker: /metrics and /health', () => {
  it('counts what it decided and rejected, and reports rule set, latency and queue depth', async () => {
    const consignments = new Queue('consignments', { connection, prefix: hashTaggedPrefix(prefix) });
    const events = new QueueEvents('consignments', { connection, prefix: hashTaggedPrefix(prefix) });
    queues.push(consignments);
    await events.waitUntilReady();
    const batch = [
      { id: 'M1', hsCode: '240220', origin: 'AE', value: 10, weight: 500 },
      { id: 'M2', hsCode: '610910', origin: 'CN', value: 1000, weight: 10 },
      { id: 'M3', hsCode: 'not-a-code' },
    ];
    const job = await consignments.add('batch', batch);
    await job.waitUntilFinished(events, 30_000);
    await events.close();

    const res = await fetch(`${metricsUrl}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const channels = ['green', 'yellow', 'red'].map((c) =>
      metric(text, `targeting_consignments_scored_total{channel="${c}"}`),
    );
    expect(channels.reduce((a, b) => a + b, 0)).toBe(2);
    expect(metric(text, 'targeting_rejected_total{code="BAD_HS_CODE"}')).toBe(1);
    expect(text).toMatch(/^targeting_ruleset_info\{ruleset="default@[0-9a-f]{12}",profile=""\} 1$/m);
    expect(text).toMatch(/^targeting_rule_hits_total\{rule="[^"]+"\} \d+$/m);
    expect(metric(text, 'targeting_scoring_duration_seconds_count')).toBe(1);
    expect(metric(text, `targeting_queue_depth{queue="consignments",state="waiting"}`)).toBe(0);
    expect(text).toContain('process_resident_memory_bytes');

    const health = await fetch(`${metricsUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      ok: true,
      redis: 'ready',
      ruleset: expect.stringMatching(/^default@/),
    });
  });
});

describe('targeting dashboard', () => {
  it('serves bull-board on loopback behind basic auth, and the page renders the four queues in Chromium', async () => {
    const port = await freePort();
    const dashboard = await start(
      [CLI, 'dashboard', '--port', String(port)],
      { DASHBOARD_USER: 'ops', DASHBOARD_PASSWORD: 's3cret-board' },
      'dashboard:',
    );
    const shots = mkdtempSync(join(tmpdir(), 'dashboard-'));
    try {
      const url = `http://127.0.0.1:${port}/`;
      expect(dashboard.log()).toContain(`dashboard: ${url} (basic auth)`);
      expect((await fetch(url)).status).toBe(401);
      const auth = { authorization: `Basic ${Buffer.from('ops:s3cret-board').toString('base64')}` };
      expect(
        (await fetch(url, { headers: { authorization: `Basic ${Buffer.from('ops:wrong').toString('base64')}` } }))
          .status,
      ).toBe(401);
      const api = (await (await fetch(`${url}api/queues`, { headers: auth })).json()) as { queues: { name: string }[] };
      expect(api.queues.map((q) => q.name).sort()).toEqual(['consignments', 'decisions', 'feedback', 'rejected']);

      const browser = await launchChromium();
      try {
        const page = await (
          await browser.newContext({ httpCredentials: { username: 'ops', password: 's3cret-board' } })
        ).newPage();
        await page.goto(url);
        for (const name of ['consignments', 'decisions', 'rejected', 'feedback']) {
          await page.getByText(name, { exact: true }).first().waitFor({ timeout: 15_000 });
        }
        expect(await page.title()).toContain('customs-targeting');
        await page.screenshot({ path: join(shots, 'dashboard.png'), fullPage: true });
        if (process.env.KEEP_SCREENSHOT) await page.screenshot({ path: process.env.KEEP_SCREENSHOT, fullPage: true });
      } finally {
        await browser.close();
      }
    } finally {
      expect(await stop(dashboard)).toBe(0);
      rmSync(shots, { recursive: true, force: true });
    }
  });
});
