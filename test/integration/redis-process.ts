import { spawn, type ChildProcess } from 'node:child_process';
import { freePort, ping } from '../../src/demo/throwaway-redis.js';

/** A redis-server of the test's own, on a random free loopback port, that the test may kill -9 and restart. */
export interface RedisProcess {
  port: number;
  url: string;
  /** SIGKILL: no SHUTDOWN, no last save (what the append-only file holds is what survives). */
  kill9(): Promise<void>;
  /** Starts it again on the same port and arguments. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** `args` are redis-server options (`--maxmemory 50mb`, `--requirepass …`, TLS, given the port); `ready` answers when it serves. */
export async function startRedisProcess(
  args: string[] | ((port: number) => string[]) = [],
  ready?: (port: number) => Promise<boolean>,
): Promise<RedisProcess> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const options = typeof args === 'function' ? args(port) : args;
  let child: ChildProcess;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...options], {
      stdio: 'ignore',
    });
    for (let i = 0; i < 200; i++) {
      if (child.exitCode !== null) throw new Error(`redis-server exited at start (${options.join(' ')})`);
      if (await (ready ?? (() => ping(url)))(port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('redis-server did not answer within 10 s');
  };
  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  };
  await start();
  return {
    port,
    url,
    kill9: () => kill('SIGKILL'),
    restart: start,
    stop: () => kill('SIGTERM'),
  };
}
