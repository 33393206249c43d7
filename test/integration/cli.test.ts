import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SpawnedWorker } from '../../src/queue/spawn-worker.js';
import { allRejected, REDIS_URL, startWorker, testQueues, waitFor, type TestQueues } from './harness.js';

function targeting(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, ['dist/src/cli/main.js', ...args], {
    env: { ...process.env, REDIS_URL, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('targeting submit / results', () => {
  let t: TestQueues;
  let worker: SpawnedWorker;
  const dir = mkdtempSync(join(tmpdir(), 'targeting-cli-'));
  afterEach(async () => {
    await worker?.stop();
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('submits NDJSON in batches, routes bad lines to rejected, and reads every decision back as NDJSON', async () => {
    t = testQueues('cli');
    worker = startWorker(t);
    await worker.ready;
    const input = join(dir, 'in.ndjson');
    const lines = Array.from({ length: 250 }, (_, i) => JSON.stringify({ id: `N${i}`, value: i * 1000 }));
    lines.splice(100, 0, '{"id": "broken"', JSON.stringify({ id: 'neg', weight: -1 }));
    writeFileSync(input, `${lines.join('\n')}\n`);
    const env = { QUEUE_PREFIX: t.prefix };

    const submitted = targeting(['submit', input, '--batch', '100'], env);
    expect(submitted.status).toBe(0);
    expect(submitted.stderr).toContain('submitted 250 consignments in 3 jobs; 2 records rejected');
    const rejected = await allRejected(t.rejected);
    expect(rejected.map((r) => [r.code, r.line])).toEqual(
      expect.arrayContaining([
        ['BAD_JSON', 101],
        ['OUT_OF_RANGE', 102],
      ]),
    );

    await waitFor(
      async () => (await t.consignments.getJobCountByTypes('wait', 'active')) === 0,
      30_000,
      'the jobs to finish',
    );
    const out = join(dir, 'decisions.ndjson');
    const read = targeting(['results', '--out', out], env);
    expect(read.status).toBe(0);
    const decisions = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(decisions).toHaveLength(250);
    expect(new Set(decisions.map((d) => d.id)).size).toBe(250);
    expect(decisions.find((d) => d.id === 'N200')).toMatchObject({ channel: 'red', score: 80 });
    // Read once: a second read finds nothing.
    expect(targeting(['results'], env).stdout).toBe('');
  });

  it('refuses a batch over the workers’ maximum and a missing file, with one line each', () => {
    t = testQueues('cli-refuse');
    expect(targeting(['submit', 'no/such.csv'], { QUEUE_PREFIX: t.prefix }).stderr).toMatch(
      /^error: no\/such.csv: no such file/,
    );
    const big = targeting(['submit', 'datasets/sample.csv', '--batch', '5000'], { QUEUE_PREFIX: t.prefix });
    expect(big.status).toBe(1);
    expect(big.stderr).toContain("--batch 5000 is over the workers' maximum of 1000");
  });
});
