import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from '../../src/demo/throwaway-redis.js';
import { CLI } from '../cli/run-cli.js';
import { waitFor } from './harness.js';

/** One queue as `GET /api/queues` of the board shows it. */
export interface ShownQueue {
  name: string;
  counts: Record<string, number>;
}

/**
 * Runs `targeting dashboard` with `env` on a free port, reads `/api/queues` once it listens, stops it (SIGTERM)
 * and returns the queues it showed.
 */
export async function dashboardQueues(env: Record<string, string>): Promise<ShownQueue[]> {
  const port = await freePort();
  const board = spawn(process.execPath, [CLI, 'dashboard', '--port', String(port)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  board.stderr.on('data', (c: Buffer) => (log += c.toString()));
  try {
    await waitFor(() => log.includes('dashboard:') || board.exitCode !== null, 20_000, 'the dashboard');
    if (board.exitCode !== null) throw new Error(`targeting dashboard exited (${board.exitCode}):\n${log}`);
    const api = (await (await fetch(`http://127.0.0.1:${port}/api/queues`)).json()) as { queues: ShownQueue[] };
    return api.queues;
  } finally {
    if (board.exitCode === null) {
      board.kill('SIGTERM');
      await once(board, 'exit');
    }
  }
}
