import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../src/queue/audit-log.js';
import { decisions } from './fixtures.js';
import { REDIS_URL, testRedis } from './redis.js';

const CLI = resolve('dist/src/cli/main.js');
let env: ReturnType<typeof testRedis>;
let dir: string;
beforeEach(() => {
  env = testRedis();
  dir = mkdtempSync(join(tmpdir(), 'audit-cli-'));
});
afterEach(async () => {
  await env.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const run = (args: string[]) =>
  spawnSync(process.execPath, [CLI, 'audit', ...args], { env: { ...process.env, REDIS_URL }, encoding: 'utf8' });

describe('targeting audit (CLI)', () => {
  it('verifies the stream and the mirror, exits 2 naming the first broken record, trims with an anchor', async () => {
    const key = `${env.prefix}audit`;
    const file = join(dir, 'audit.ndjson');
    const log = createAuditLog(env.redis, { key, file });
    // One append per decision: one stream entry per record, so deleting an entry removes one record.
    for (const item of decisions(12)) await log.append([item]);
    await log.close();

    const ok = run(['verify', '--stream', key]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, checked: 12, start: 'genesis' });
    expect(ok.stderr).toContain('OK, 12 records verified');
    expect(run(['verify', '--file', file]).status).toBe(0);

    const entries = (await env.redis.xrange(key, '-', '+')) as [string, string[]][];
    await env.redis.xdel(key, entries[4][0]);
    const broken = run(['verify', '--stream', key]);
    expect(broken.status).toBe(2);
    expect(JSON.parse(broken.stdout).break).toMatchObject({ kind: 'removed', seq: 6, ref: entries[5][0] });
    expect(broken.stderr).toContain(`REMOVED at ${entries[5][0]}: seq 5 missing before seq 6`);
    expect(run(['verify', '--stream', key, '--from', entries[5][0]]).status).toBe(0);

    const trimmed = run(['trim', '--stream', key, '--max-len', '3']);
    expect(trimmed.status, trimmed.stderr).toBe(0);
    expect(JSON.parse(trimmed.stdout)).toMatchObject({ trimmed: 9, anchor: { seq: 9 } });
    expect(JSON.parse(run(['verify', '--stream', key]).stdout)).toMatchObject({
      ok: true,
      start: 'anchor',
      checked: 3,
    });
  });

  it('refuses a retention it cannot read', () => {
    const res = run(['trim', '--stream', `${env.prefix}audit`, '--max-age', 'ninety days']);
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/audit retention age "ninety days" is not a duration/);
  });
});
