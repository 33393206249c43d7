import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const WORKER = resolve('dist/workers/scoring-worker.js');
const CLI = resolve('dist/src/cli/main.js');

/** Runs a process that must refuse to start: exit 1, one `error:` line naming the problem, no stack trace. */
function refused(args: string[], env: Record<string, string>): string {
  const run = spawnSync(process.execPath, args, {
    env: { ...process.env, HOT_RELOAD: '0', RULES_DIR: resolve('rules'), ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(run.status, run.stderr).toBe(1);
  expect(run.stderr).toMatch(/^error: /m);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  return run.stderr;
}

let taken: Server;
let takenPort: number;
beforeAll(async () => {
  for (const f of [WORKER, CLI])
    if (!existsSync(f)) throw new Error(`${f} is missing: build first (npx tsc -p tsconfig.build.json)`);
  taken = createServer();
  await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
  takenPort = (taken.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((r) => taken.close(() => r())));

describe('a worker refuses to start on invalid configuration', () => {
  it('bad Redis URL', () => {
    expect(refused([WORKER], { REDIS_URL: 'http://cache:6379' })).toMatch(/REDIS_URL .*unsupported scheme/);
    expect(refused([WORKER], { REDIS_URL: 'redis://127.0.0.1:6379/x' })).toMatch(/"x" is not a database number/);
  });

  it('missing rule set', () => {
    expect(refused([WORKER], { RULES_DIR: '/nonexistent/rules' })).toMatch(
      /\/nonexistent\/rules: no such file or directory/,
    );
  });

  it('unreadable profile', () => {
    expect(refused([WORKER], { PROFILE: '/nonexistent/profile.json' })).toMatch(
      /\/nonexistent\/profile\.json: cannot read the profile/,
    );
    expect(refused([WORKER], { PROFILE: resolve('package.json') })).toMatch(/package\.json: unknown profile format/);
  });

  it('unreadable or invalid purpose file', () => {
    expect(refused([WORKER], { PURPOSE_FILE: '/nonexistent/purpose.json' })).toMatch(
      /\/nonexistent\/purpose\.json: cannot read the purpose file/,
    );
    expect(refused([WORKER], { PURPOSE_FILE: resolve('package.json') })).toMatch(
      /"read" must be a list of field names/,
    );
  });

  it('metrics port that is not a port, or already taken', () => {
    expect(refused([WORKER], { METRICS_PORT: 'nine' })).toMatch(/METRICS_PORT="nine" is not a port/);
    expect(refused([WORKER], { METRICS_PORT: String(takenPort) })).toMatch(
      new RegExp(`cannot serve metrics on 127.0.0.1:${takenPort} \\(EADDRINUSE\\)`),
    );
  });
});

describe('share refuses without its key', () => {
  it('names the variable when it is missing, empty or too short', () => {
    expect(refused([CLI, 'share', 'decisions.ndjson', '--key-env', 'PARTNER_KEY'], {})).toMatch(
      /PARTNER_KEY .* is not set/,
    );
    expect(refused([CLI, 'share', 'decisions.ndjson', '--key-env', 'PARTNER_KEY'], { PARTNER_KEY: '' })).toMatch(
      /PARTNER_KEY .* is empty/,
    );
    expect(refused([CLI, 'share', 'decisions.ndjson', '--key-env', 'PARTNER_KEY'], { PARTNER_KEY: 'short' })).toMatch(
      /fewer than 32/,
    );
  });
});
