import { spawnSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../src/demo/throwaway-redis.js';
import { REDIS_URL } from '../integration/harness.js';

function demo(env: Record<string, string>) {
  return spawnSync(process.execPath, ['dist/src/demo/main.js'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('npm run demo', () => {
  it('scores the sample dataset through Redis, prints channels and three explained red decisions, and cleans up', async () => {
    const run = demo({ REDIS_URL });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/5000 decisions in [\d.]+ s, rule set default@/);
    const counts = ['red', 'yellow', 'green'].map((c) =>
      Number(new RegExp(`^  ${c}\\s+(\\d+)`, 'm').exec(run.stdout)![1]),
    );
    expect(counts.reduce((a, b) => a + b)).toBe(5000);
    const explained = run.stdout.split('Three red decisions, explained:')[1];
    expect(explained.match(/^ {2}C\d+ {2}score \d+/gm)).toHaveLength(3);
    expect(explained).toMatch(/^ {4}\+\d+ {2}\S.*\[[\w-]+\]$/m);

    const prefix = /prefix (demo-[0-9a-f]+)/.exec(run.stdout)![1];
    const redis = new Redis(REDIS_URL);
    expect(await redis.keys(`{${prefix}}*`)).toEqual([]);
    await redis.quit();
  });

  it('says in one sentence what to do when REDIS_URL does not answer, and exits non-zero', async () => {
    const run = demo({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    expect(run.status).not.toBe(0);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/does not answer: start that Redis or unset REDIS_URL/);
  });
});
