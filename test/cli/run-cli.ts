import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export const CLI = resolve('dist/src/cli/main.js');

/** Runs the built `targeting` CLI (npm test builds it first). */
export function runCli(args: string[], opts: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd,
    input: opts.input,
    env: { ...process.env, ...opts.env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
