import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export interface ThrowawayRedis {
  url: string;
  port: number;
  /** Stops the server (SHUTDOWN, then SIGKILL if it lingers). */
  stop(): Promise<void>;
}

export function redisServerInstalled(binary = 'redis-server'): boolean {
  return spawnSync(binary, ['--version'], { stdio: 'ignore' }).status === 0;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A redis-server of our own on 127.0.0.1 (the demo when no Redis runs, tests
 * that restart Redis). Without `dir` it keeps nothing on disk; with `dir` it
 * writes an append-only file there, so a restart on the same dir keeps the queues.
 */
export async function startRedisServer(opts: { port?: number; dir?: string } = {}): Promise<ThrowawayRedis> {
  const port = opts.port ?? (await freePort());
  const persistence = opts.dir
    ? ['--dir', opts.dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '']
    : ['--save', '', '--appendonly', 'no'];
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', ...persistence], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `redis://127.0.0.1:${port}`;
  await waitForPing(url, exited);
  return {
    url,
    port,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
      await client
        .connect()
        .then(() => client.shutdown())
        .catch(() => {});
      client.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitForPing(url: string, exited: Promise<void>): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  for (let i = 0; i < 100 && !gone; i++) {
    if (await ping(url)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(gone ? 'redis-server exited at start' : 'redis-server did not answer within 5 s');
}

/** True when a Redis server answers PING at the URL within a second. */
export async function ping(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1000,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}
