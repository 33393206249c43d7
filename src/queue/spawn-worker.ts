import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../project-root.js';

/** Built process entries, run with node (tests and tools build first: npm test does). */
export const SCORING_WORKER_SCRIPT = join(projectRoot(), 'dist/workers/scoring-worker.js');

export interface SpawnedWorker {
  readonly child: ChildProcess;
  /** Resolves once the worker logged that it started; rejects if it exits first. */
  readonly ready: Promise<void>;
  /** Everything the process wrote to stderr so far (its pino log). */
  log(): string;
  /** Resolves with the exit code once the process ended. */
  readonly exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts a worker process (the demo, the e2e bench and the tests run workers
 * as separate processes, as production does). `ready` waits for the line the
 * process logs when it is taking jobs.
 */
export function spawnWorker(
  script: string,
  env: Record<string, string | undefined>,
  readyText = 'scoring worker started',
  readyTimeoutMs = 30_000,
): SpawnedWorker {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let log = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes(readyText)) resolve();
    });
    void exited.then((code) =>
      reject(new Error(`worker exited (code ${code}) before it was ready:\n${log.slice(-2000)}`)),
    );
    // The ready line is logged at info: a LOG_LEVEL above that would otherwise leave us waiting forever.
    setTimeout(
      () =>
        reject(
          new Error(`worker not ready after ${readyTimeoutMs} ms (is LOG_LEVEL above info?):\n${log.slice(-2000)}`),
        ),
      readyTimeoutMs,
    ).unref();
  });
  ready.catch(() => {});
  return {
    child,
    ready,
    exited,
    log: () => log,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
