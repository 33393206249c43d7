import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '../../src/demo/throwaway-redis.js';

/** redis-server processes of a test on random loopback ports, and their scratch directory. */
export interface Servers {
  dir: string;
  ports: number[];
  stop(): Promise<void>;
}

const admin = (port: number) => {
  const c = new Redis({
    port,
    host: '127.0.0.1',
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  c.on('error', () => {});
  return c;
};

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function answers(port: number): Promise<boolean> {
  const c = admin(port);
  try {
    await c.connect();
    return (await c.ping()) === 'PONG';
  } finally {
    c.disconnect();
  }
}

function serverSet(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `targeting-${name}-`));
  const children: ChildProcess[] = [];
  const start = async (port: number, args: string[]) => {
    const child = spawn('redis-server', args, { stdio: 'ignore', cwd: dir });
    children.push(child);
    await until(() => answers(port), 10_000, `redis-server on ${port}`);
  };
  const stop = async () => {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill('SIGKILL');
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  return { dir, start, stop };
}

const base = (port: number) => ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];

/** A Redis Cluster of `masters` masters without replicas (`redis-cli --cluster create`). */
export async function startCluster(masters = 3): Promise<Servers> {
  const set = serverSet('cluster');
  const ports: number[] = [];
  for (let i = 0; i < masters; i++) ports.push(await freePort());
  try {
    await Promise.all(
      ports.map((port) =>
        set.start(port, [...base(port), '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`]),
      ),
    );
    const create = spawnSync(
      'redis-cli',
      ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-yes'],
      { encoding: 'utf8', timeout: 30_000 },
    );
    if (create.status !== 0) throw new Error(`redis-cli --cluster create failed:\n${create.stdout}${create.stderr}`);
    for (const port of ports) {
      await until(
        async () => {
          const c = admin(port);
          try {
            await c.connect();
            return /cluster_state:ok/.test((await c.call('CLUSTER', 'INFO')) as string);
          } finally {
            c.disconnect();
          }
        },
        20_000,
        `cluster state ok on ${port}`,
      );
    }
  } catch (e) {
    await set.stop();
    throw e;
  }
  return { dir: set.dir, ports, stop: set.stop };
}

/** A master, one replica and one Sentinel watching them as `name` (ports: master, replica, sentinel). */
export async function startSentinelSet(name = 'mymaster'): Promise<Servers> {
  const set = serverSet('sentinel');
  const [master, replica, sentinel] = [await freePort(), await freePort(), await freePort()];
  try {
    await set.start(master, base(master));
    await set.start(replica, [...base(replica), '--replicaof', '127.0.0.1', String(master)]);
    const conf = join(set.dir, 'sentinel.conf');
    writeFileSync(
      conf,
      [
        `port ${sentinel}`,
        'bind 127.0.0.1',
        `sentinel monitor ${name} 127.0.0.1 ${master} 1`,
        `sentinel down-after-milliseconds ${name} 2000`,
        `sentinel failover-timeout ${name} 10000`,
        '',
      ].join('\n'),
    );
    await set.start(sentinel, [conf, '--sentinel']);
    // Sentinel learns of the replica from the master's INFO (every 10 s): a failover needs it known and in sync.
    await until(
      async () => {
        const c = admin(sentinel);
        try {
          await c.connect();
          const replicas = (await c.call('SENTINEL', 'REPLICAS', name)) as string[][];
          return replicas.some((r) => {
            const f = Object.fromEntries(r.flatMap((v, i) => (i % 2 ? [] : [[v, r[i + 1]]])));
            return f.flags === 'slave' && f['master-link-status'] === 'ok';
          });
        } finally {
          c.disconnect();
        }
      },
      30_000,
      'sentinel to know the replica',
    );
  } catch (e) {
    await set.stop();
    throw e;
  }
  return { dir: set.dir, ports: [master, replica, sentinel], stop: set.stop };
}

/** The address Sentinel currently gives for the master. */
export async function sentinelMaster(sentinelPort: number, name = 'mymaster'): Promise<number> {
  const c = admin(sentinelPort);
  try {
    await c.connect();
    const [, port] = (await c.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name)) as [string, string];
    return Number(port);
  } finally {
    c.disconnect();
  }
}

export async function sentinelFailover(sentinelPort: number, name = 'mymaster'): Promise<void> {
  const c = admin(sentinelPort);
  try {
    await c.connect();
    await c.call('SENTINEL', 'FAILOVER', name);
  } finally {
    c.disconnect();
  }
}

export { until };
