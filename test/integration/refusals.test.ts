import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpawnedWorker } from '../../src/queue/spawn-worker.js';
import { records, startWorker, submitRecords, testQueues, waitForDecisions, type TestQueues } from './harness.js';
import { startRedisProcess, type RedisProcess } from './redis-process.js';

const ADMIN = 'admin-pw-4d1e';
const FIRST = 'first-pw-8a7c';
const SECOND = 'second-pw-2b9f';

/** The process's JSON log lines. */
function logLines(log: string): { level: number; msg: string }[] {
  return log.split('\n').flatMap((l) => {
    try {
      return [JSON.parse(l) as { level: number; msg: string }];
    } catch {
      return [];
    }
  });
}

/** What a process printed besides its ordinary JSON log lines (info and below, or warnings too from `above`). */
function problemLines(log: string, above = 30): string[] {
  return log
    .split('\n')
    .filter((l) => l.trim() !== '')
    .filter((l) => {
      try {
        return (JSON.parse(l) as { level: number }).level > above;
      } catch {
        return true;
      }
    });
}

function targeting(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, ['dist/src/cli/main.js', ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('Redis refusing for good: one line, exit 1, no secret in the log', () => {
  let redis: RedisProcess;
  let admin: Redis;
  const dir = mkdtempSync(join(tmpdir(), 'targeting-refusals-'));
  const userUrl = (user: string, password: string) => `redis://${user}:${password}@127.0.0.1:${redis.port}`;
  beforeAll(async () => {
    const ready = async (port: number) => {
      const probe = new Redis({ port, password: ADMIN, lazyConnect: true, retryStrategy: () => null });
      probe.on('error', () => {});
      const ok = await probe
        .connect()
        .then(() => probe.ping())
        .then(
          () => true,
          () => false,
        );
      probe.disconnect();
      return ok;
    };
    redis = await startRedisProcess(['--requirepass', ADMIN], ready);
    admin = new Redis({ port: redis.port, password: ADMIN });
  });
  afterAll(async () => {
    admin.disconnect();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a password rotated under a running worker: it exits 1 with one line, and neither password is logged', async () => {
    await admin.call('ACL', 'SETUSER', 'scorer', 'on', `>${FIRST}`, '~*', '&*', '+@all');
    let t: TestQueues | undefined;
    let worker: SpawnedWorker | undefined;
    try {
      t = testQueues('rotate', userUrl('default', ADMIN));
      worker = startWorker(t, { LOG_LEVEL: 'debug' }, userUrl('scorer', FIRST));
      await worker.ready;
      await submitRecords(t, records(200), 50);
      await waitForDecisions(t.decisions, 200);
      await admin.call('ACL', 'SETUSER', 'scorer', 'resetpass', `>${SECOND}`);
      await admin.call('CLIENT', 'KILL', 'USER', 'scorer');
      const code = await Promise.race([worker.exited, new Promise((r) => setTimeout(() => r('running'), 20_000))]);
      expect(code).toBe(1);
      const log = worker.log();
      expect(log).not.toContain(FIRST);
      expect(log).not.toContain(SECOND);
      expect(problemLines(log, 40)).toEqual([
        expect.stringMatching(
          /^error: field "REDIS_URL": Redis at redis:\/\/scorer:\*\*\*@127\.0\.0\.1:\d+ refused the credentials: WRONGPASS/,
        ),
      ]);
      // The kill may cut a write in flight: at most a warning or two that the connection dropped, no flood.
      const warnings = logLines(log).filter((l) => l.level === 40);
      expect(warnings.length).toBeLessThanOrEqual(2);
      for (const w of warnings) expect(w.msg).toBe('Redis connection interrupted: reconnecting');
    } finally {
      await worker?.stop('SIGKILL');
      await t?.close();
    }
  });

  it('every command with a wrong password exits non-zero with one line', () => {
    const input = join(dir, 'in.ndjson');
    writeFileSync(input, `${JSON.stringify({ id: 'W1', value: 1 })}\n`);
    const env = { REDIS_URL: userUrl('default', 'wrong-pw-0000'), QUEUE_PREFIX: 'refused' };
    for (const args of [
      ['submit', input],
      ['results'],
      ['rejected'],
      ['audit', 'verify'],
      ['audit', 'trim', '--max-len', '10'],
      ['dashboard'],
    ]) {
      const run = targeting(args, env);
      expect(run.status, args.join(' ')).not.toBe(0);
      expect(run.stderr.trim().split('\n'), run.stderr).toEqual([
        expect.stringMatching(
          /^error: field "REDIS_URL": Redis at redis:\/\/default:\*\*\*@.* refused the credentials: WRONGPASS/,
        ),
      ]);
      expect(run.stderr).not.toContain('wrong-pw-0000');
    }
  });

  it('a worker whose ACL does not cover its prefix exits 1 with one line naming QUEUE_PREFIX', async () => {
    await admin.call('ACL', 'SETUSER', 'narrow', 'on', '>narrow-pw', '~{other}:*', '&*', '+@all');
    const t = testQueues('noperm', `redis://default:${ADMIN}@127.0.0.1:${redis.port}`);
    const worker = startWorker(t, {}, userUrl('narrow', 'narrow-pw'));
    try {
      await expect(worker.ready).rejects.toThrow(/exited \(code 1\)/);
      expect(problemLines(worker.log())).toEqual([
        expect.stringMatching(
          /^error: field "QUEUE_PREFIX": .*may not use the keys of QUEUE_PREFIX "test-noperm-[0-9a-f]+".*NOPERM/,
        ),
      ]);
    } finally {
      await worker.stop('SIGKILL');
      await t.close();
    }
  });
});
