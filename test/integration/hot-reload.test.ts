import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SpawnedWorker } from '../../src/queue/spawn-worker.js';
import {
  allDecisions,
  startWorker,
  TEST_RULES,
  testQueues,
  waitFor,
  waitForDecisions,
  type TestQueues,
} from './harness.js';

describe('hot reload of the rule set', () => {
  let t: TestQueues;
  let worker: SpawnedWorker;
  const dir = mkdtempSync(join(tmpdir(), 'targeting-rules-'));
  afterEach(async () => {
    await worker.stop();
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('picks up a valid edit between jobs, refuses an invalid one, keeps serving the previous rule set and says so on /health and in the metrics', async () => {
    cpSync(TEST_RULES, dir, { recursive: true });
    const file = join(dir, 'test.json');
    t = testQueues('reload');
    worker = startWorker(t, { RULES_DIR: dir, HOT_RELOAD: '1', METRICS_PORT: '0' });
    await worker.ready;
    const ops = JSON.parse(
      worker
        .log()
        .split('\n')
        .find((l) => l.includes('metrics and health endpoint listening'))!,
    ).url;
    const get = async (path: string) => (await fetch(`${ops}${path}`)).text();
    const decide = async (id: string) => {
      await t.consignments.add('consignment', { id, value: 150_000 }, { jobId: `c-${id}` });
      await waitFor(
        async () => (await allDecisions(t.decisions)).some((d) => d.id === id),
        30_000,
        `decision for ${id}`,
      );
      return (await allDecisions(t.decisions)).find((d) => d.id === id)!;
    };

    const before = await decide('A');
    expect(before.score).toBe(80);

    const rules0 = JSON.parse(readFileSync(file, 'utf8'));
    const rules = structuredClone(rules0);
    rules.rules[0].points = 30;
    writeFileSync(file, JSON.stringify(rules, null, 2));
    await waitFor(() => worker.log().includes('rule set reloaded'), 30_000, 'the reload');
    const after = await decide('B');
    expect(after.score).toBe(30);
    expect(after.ruleset).not.toBe(before.ruleset);

    rules.rules[0].conditions = { all: [{ fact: 'value', operator: 'isAbout', value: 1 }] };
    writeFileSync(file, JSON.stringify(rules, null, 2));
    await waitFor(() => worker.log().includes('rule set edit refused'), 30_000, 'the refusal');
    const refusal = worker
      .log()
      .split('\n')
      .find((l) => l.includes('rule set edit refused'))!;
    expect(JSON.parse(refusal).errors.join(' ')).toContain('isAbout');
    const still = await decide('C');
    expect(still).toMatchObject({ ruleset: after.ruleset, score: 30 });
    const health = JSON.parse(await get('/health'));
    expect(health).toMatchObject({ ok: true, reload: { refused: true, serving: after.ruleset } });
    expect(health.reload.errors.join(' ')).toContain('isAbout');
    expect(Date.parse(health.reload.since)).toBeLessThanOrEqual(Date.now());
    expect(await get('/metrics')).toMatch(/^targeting_ruleset_reload_refused 1$/m);

    writeFileSync(file, '{ "name": ');
    await waitFor(() => worker.log().split('rule set edit refused').length > 2, 30_000, 'the second refusal');
    expect((await decide('D')).ruleset).toBe(after.ruleset);
    expect(await waitForDecisions(t.decisions, 4)).toHaveLength(4);
    expect(JSON.parse(await get('/health')).reload.since).toBe(health.reload.since);

    writeFileSync(file, JSON.stringify(rules0, null, 2));
    await waitFor(() => worker.log().split('rule set reloaded').length > 2, 30_000, 'the reload after the fix');
    expect(JSON.parse(await get('/health'))).not.toHaveProperty('reload');
    expect(await get('/metrics')).toMatch(/^targeting_ruleset_reload_refused 0$/m);
  });
});
