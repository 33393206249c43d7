import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Redis } from 'ioredis';
import { loadConfig, type Config } from '../../src/config/load.js';
import { consoleKeys, type ConsoleKeys } from '../../src/console/keys.js';
import { startConsole, type RunningConsole } from '../../src/console/server.js';
import { UserStore, type Role } from '../../src/console/users.js';
import { createLogger } from '../../src/log.js';
import { deleteQueueKeys } from '../../src/queue/cleanup.js';
import { createRedis, DEFAULT_REDIS_URL } from '../../src/queue/connection.js';
import { SCORING_WORKER_SCRIPT, spawnWorker, type SpawnedWorker } from '../../src/queue/spawn-worker.js';

export const REDIS_URL = process.env.REDIS_URL ?? DEFAULT_REDIS_URL;
export const PASSWORD = 'correct horse battery staple';
const CLI = resolve('dist/src/cli/main.js');

/** A test's own prefix, directory (users file, rule archive) and Redis connection; `close()` removes all of it. */
export interface ConsoleWorld {
  prefix: string;
  dir: string;
  env: Record<string, string>;
  config: Config;
  redis: Redis;
  keys: ConsoleKeys;
  users: UserStore;
  worker?: SpawnedWorker;
  console?: RunningConsole;
  addUser(name: string, role: Role, offices?: string[]): Promise<void>;
  /** A real scoring worker process on the world's prefix (default rules, index on). */
  startWorker(extra?: Record<string, string>): Promise<SpawnedWorker>;
  /** `targeting submit FILE` as a user runs it. */
  submit(file: string): Promise<void>;
  /** Waits until the workers indexed `n` decisions of today. */
  indexed(n: number, timeoutMs?: number): Promise<void>;
  startConsole(today?: () => string): Promise<RunningConsole>;
  close(): Promise<void>;
}

/** `extraEnv` goes to the worker and the console's configuration alike (CAPACITY, CONSOLE_RETENTION_DAYS…). */
export function consoleWorld(name: string, extraEnv: Record<string, string> = {}): ConsoleWorld {
  const prefix = `test-${name}-${randomBytes(4).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), `console-${name}-`));
  const env = {
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    RULES_DIR: resolve('rules'),
    RULES_ARCHIVE: join(dir, 'archive'),
    HOT_RELOAD: '0',
    LOG_LEVEL: 'info',
    ...extraEnv,
  };
  const config = loadConfig(env);
  const redis = createRedis({ redisUrl: REDIS_URL });
  const keys = consoleKeys(prefix);
  const users = new UserStore(join(dir, 'users.json'));
  const world: ConsoleWorld = {
    prefix,
    dir,
    env,
    config,
    redis,
    keys,
    users,
    async addUser(n, role, offices = []) {
      await users.add(n, role, offices, PASSWORD);
    },
    async startWorker(extra = {}) {
      world.worker = spawnWorker(SCORING_WORKER_SCRIPT, { ...env, ...extra });
      await world.worker.ready;
      return world.worker;
    },
    submit(file) {
      return new Promise((ok, fail) => {
        const child = spawn(process.execPath, [CLI, 'submit', file], {
          env: { ...process.env, ...env },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let log = '';
        child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
        child.once('exit', (code) => (code === 0 ? ok() : fail(new Error(`submit exited ${code}: ${log}`))));
      });
    },
    async indexed(n, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      const day = new Date().toISOString().slice(0, 10);
      while (Number((await redis.hget(keys.stats(day), 'n')) ?? 0) < n) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${n} indexed decisions`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async startConsole(today) {
      world.console = await startConsole({
        config,
        usersFile: users.file,
        port: 0,
        host: '127.0.0.1',
        explain: { rulesDir: env.RULES_DIR, archive: env.RULES_ARCHIVE },
        logger: createLogger('console-test', 'warn'),
        ...(today ? { today } : {}),
      });
      return world.console;
    },
    async close() {
      await world.console?.close();
      await world.worker?.stop();
      await deleteQueueKeys(redis, prefix);
      await redis.quit();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}
