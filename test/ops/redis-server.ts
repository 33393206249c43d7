import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { Redis } from 'ioredis';
import { freePort } from '../../src/demo/throwaway-redis.js';

export { freePort };

export interface OwnRedis {
  port: number;
  /** Connection as the admin (default user with the server password). */
  admin: Redis;
  stop(): Promise<void>;
}

/**
 * A redis-server of the test's own, with `requirepass`, no persistence, on a
 * free loopback port: the shared Redis on 6379 is never reconfigured.
 * (src/demo/throwaway-redis.ts starts one without a password: its readiness
 * ping would get NOAUTH here.)
 */
export async function startOwnRedis(password: string): Promise<OwnRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--requirepass', password, '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  await listening(port);
  const admin = new Redis({ port, host: '127.0.0.1', password, maxRetriesPerRequest: 1 });
  await admin.ping();
  return {
    port,
    admin,
    async stop() {
      admin.disconnect();
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

async function listening(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
