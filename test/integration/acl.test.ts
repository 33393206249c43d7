import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../src/queue/audit-log.js';
import { verifyStream } from '../../src/audit/verify.js';
import { bullConnection, redisOptions } from '../../src/queue/connection.js';
import { hashTaggedPrefix, ownKey } from '../../src/queue/names.js';
import { decisions } from '../audit/fixtures.js';
import { startOwnRedis, type OwnRedis } from '../ops/redis-server.js';

const WORKER = resolve('dist/workers/scoring-worker.js');
const ADMIN_PASSWORD = 'admin-pw-7f3a';
const WORKER_PASSWORD = 'worker-pw-91c2';
const PREFIX = 'acltest';

let redis: OwnRedis;
let url: string;

beforeAll(async () => {
  if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: build first (npx tsc -p tsconfig.build.json)`);
  redis = await startOwnRedis(ADMIN_PASSWORD);
  // The user docs/protection.md recommends: its own keys only, no dangerous commands except INFO (BullMQ reads the server version).
  await redis.admin.call(
    'ACL',
    'SETUSER',
    'targeting',
    'on',
    `>${WORKER_PASSWORD}`,
    `~${hashTaggedPrefix(PREFIX)}:*`,
    '&*',
    '+@all',
    '-@dangerous',
    '+info',
  );
  url = `redis://targeting:${WORKER_PASSWORD}@127.0.0.1:${redis.port}`;
});

afterAll(async () => {
  await redis?.stop();
});

const connect = (opts: RedisOptions) =>
  new Redis({
    host: '127.0.0.1',
    port: redis.port,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    ...opts,
  });

describe('Redis with a password and an ACL user', () => {
  it('refuses clients without credentials or with a wrong password', async () => {
    const anonymous = connect({ enableReadyCheck: false });
    anonymous.on('error', () => undefined);
    await anonymous.connect();
    await expect(anonymous.get('x')).rejects.toThrow(/NOAUTH/);
    anonymous.disconnect();
    const wrong = connect({ username: 'targeting', password: 'nope' });
    const errors: string[] = [];
    wrong.on('error', (e: Error) => errors.push(e.message));
    await expect(wrong.connect()).rejects.toThrow();
    expect(errors.join('\n')).toMatch(/WRONGPASS/);
    wrong.disconnect();
  });

  it('lets the ACL user (from REDIS_URL) use its own keys only', async () => {
    const user = new Redis({ ...redisOptions(url), maxRetriesPerRequest: 1 });
    await user.set(ownKey(PREFIX, 'probe'), '1');
    await expect(user.set('someone-else:key', '1')).rejects.toThrow(/NOPERM/);
    await expect(user.call('CONFIG', 'SET', 'requirepass', '')).rejects.toThrow(/NOPERM/);
    user.disconnect();
  });

  it('runs a real worker as that user: decisions come out and the password is not logged', async () => {
    const connection = bullConnection({ redisUrl: url });
    const prefix = hashTaggedPrefix(PREFIX);
    const consignments = new Queue('consignments', { connection, prefix });
    const decisionsQueue = new Queue('decisions', { connection, prefix });
    const events = new QueueEvents('consignments', { connection, prefix });
    await events.waitUntilReady();
    const worker = spawn(process.execPath, [WORKER], {
      env: {
        ...process.env,
        REDIS_URL: url,
        QUEUE_PREFIX: PREFIX,
        RULES_DIR: resolve('rules'),
        HOT_RELOAD: '0',
        LOG_LEVEL: 'debug',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    worker.stderr!.on('data', (c: Buffer) => (log += c.toString()));
    try {
      const job = await consignments.add('c', {
        id: 'ACL-1',
        hsCode: '240220',
        origin: 'AE',
        value: 10,
        weight: 500,
        importer: 'IMP-ACL',
      });
      const outcome = (await job.waitUntilFinished(events, 30_000)) as { decided: number };
      expect(outcome.decided).toBe(1);
      const [emitted] = await decisionsQueue.getJobs(['waiting'], 0, 0);
      expect(emitted.data.decisions[0]).toMatchObject({ id: 'ACL-1', ruleset: expect.stringMatching(/^default@/) });
      expect(log).toContain('targeting:***@');
      expect(log).not.toContain(WORKER_PASSWORD);
      expect(log).not.toMatch(/NOPERM|NOAUTH|WRONGPASS/);
    } finally {
      worker.kill('SIGTERM');
      await new Promise((r) => worker.once('exit', r));
      await Promise.all([consignments.close(), decisionsQueue.close(), events.close()]);
    }
  });

  it('keeps the audit trail as that user', async () => {
    const user = new Redis({ ...redisOptions(url), maxRetriesPerRequest: 1 });
    const key = ownKey(PREFIX, 'audit');
    const log = createAuditLog(user, { key, retention: { maxLen: 3 } });
    for (const item of decisions(5)) await log.append([item]);
    await log.trim();
    await log.close();
    expect(await verifyStream(user, key)).toMatchObject({ ok: true, checked: 3, start: 'anchor' });
    user.disconnect();
  });
});
