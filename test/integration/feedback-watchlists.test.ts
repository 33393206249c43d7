import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { toConsignment } from '../../src/declaration/validate.js';
import { generateDeclarations } from '../../src/dataset/generate.js';
import { ProfileBuilder } from '../../src/features/build.js';
import { writeProfile } from '../../src/features/profile.js';
import { hashTaggedPrefix } from '../../src/queue/names.js';
import type { SpawnedWorker } from '../../src/queue/spawn-worker.js';
import { allDecisions, startWorker, testQueues, waitFor, type TestQueues } from './harness.js';

const rule = (name: string, conditions: unknown, points: number, extra: Record<string, unknown> = {}) => ({
  name,
  conditions,
  event: { type: 'risk' },
  points,
  reason: name,
  ...extra,
});

describe('a running worker', () => {
  let t: TestQueues;
  let worker: SpawnedWorker;
  const dir = mkdtempSync(join(tmpdir(), 'targeting-live-'));
  afterEach(async () => {
    await worker.stop();
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const decide = async (id: string, importer: string) => {
    await t.consignments.add(
      'consignment',
      { id, importer, hsCode: '610910', origin: 'CN', value: 1000, weight: 100 },
      { jobId: `c-${id}` },
    );
    await waitFor(async () => (await allDecisions(t.decisions)).some((d) => d.id === id), 30_000, `decision for ${id}`);
    return (await allDecisions(t.decisions)).find((d) => d.id === id)!;
  };

  it('reloads an edited watchlist live: a newly listed importer goes red, citing the source', async () => {
    const rules = join(dir, 'rules');
    mkdirSync(join(rules, 'watchlists'), { recursive: true });
    writeFileSync(
      join(rules, 'set.json'),
      JSON.stringify({
        name: 'live',
        version: '1',
        thresholds: { red: 70, yellow: 40 },
        rules: [
          rule(
            'watchlisted-importer',
            { all: [{ fact: 'watchlist.importer', operator: 'notEqual', value: null }] },
            10,
            { channel: 'red', reason: 'Listed by {{watchlist.importer.source}}' },
          ),
        ],
      }),
    );
    const csv = join(rules, 'watchlists', 'partners.csv');
    writeFileSync(
      csv,
      'type,id,source,reason,validUntil,confidentiality\nimporter,IMLIVE1,FR-DGDDI,seized goods,2099-12-31,restricted\n',
    );
    t = testQueues('watch');
    worker = startWorker(t, { RULES_DIR: rules, HOT_RELOAD: '1' });
    await worker.ready;

    const before = await decide('W1', 'IMLIVE2');
    expect(before.channel).toBe('green');
    appendFileSync(csv, 'importer,IMLIVE2,NL-FIOD,front company,2099-12-31,restricted\n');
    await waitFor(() => worker.log().includes('rule set reloaded'), 30_000, 'the reload');
    const after = await decide('W2', 'IMLIVE2');
    expect(after).toMatchObject({
      channel: 'red',
      hits: [{ rule: 'watchlisted-importer', points: 10, reason: 'Listed by NL-FIOD' }],
    });
    expect(after.watchlists).not.toBe(before.watchlists);
  });

  it('counts inspection results from the feedback queue into the live profile', async () => {
    const rules = join(dir, 'rules');
    mkdirSync(rules, { recursive: true });
    writeFileSync(
      join(rules, 'set.json'),
      JSON.stringify({
        name: 'feedback',
        version: '1',
        thresholds: { red: 70, yellow: 40 },
        rules: [
          rule('caught-before', { all: [{ fact: 'importer.illicitCount', operator: 'greaterThan', value: 1 }] }, 50),
        ],
      }),
    );
    const builder = new ProfileBuilder();
    let line = 0;
    for (const row of generateDeclarations({ rows: 3000, seed: 5 }))
      builder.add({ line: ++line, consignment: toConsignment(row), illicit: row.illicit, revenue: row.revenue });
    const profile = join(dir, 'profile.json');
    writeProfile(profile, builder.finish().body);

    t = testQueues('feedback');
    worker = startWorker(t, { RULES_DIR: rules, PROFILE: profile, FEEDBACK_REFRESH_S: '1' });
    await worker.ready;
    expect((await decide('F1', 'IMFEEDBACK')).hits).toEqual([]);

    const feedback = new Queue('feedback', { connection: t.redis, prefix: hashTaggedPrefix(t.prefix) });
    for (const id of ['P1', 'P2', 'P3']) {
      await feedback.add('result', {
        id,
        illicit: 1,
        revenue: 500,
        consignment: { importer: 'IMFEEDBACK', hsCode: '610910', origin: 'CN' },
      });
    }
    await waitFor(async () => (await feedback.getCompletedCount()) === 3, 30_000, 'feedback consumed');
    await new Promise((r) => setTimeout(r, 1500)); // one overlay refresh
    const after = await decide('F2', 'IMFEEDBACK');
    expect(after.hits.map((h) => h.rule)).toEqual(['caught-before']);
    await feedback.close();
  });
});

describe('a worker with an inspection capacity', () => {
  it('sends at most the share of the day to red, marking capacity picks', async () => {
    const t = testQueues('capacity');
    const worker = startWorker(t, { CAPACITY: '10%' });
    try {
      await worker.ready;
      // The test rule set makes 3 in 7 of these red by threshold; the capacity allows 10 % of them.
      const recs = Array.from({ length: 200 }, (_, i) => ({
        id: `K${i}`,
        date: '2026-03-02',
        value: (i % 7) * 30_000 + i,
        origin: 'CN',
        hsCode: '610910',
      }));
      for (const r of recs) await t.consignments.add('consignment', r, { jobId: `c-${r.id}` });
      await waitFor(async () => (await allDecisions(t.decisions)).length === 200, 30_000, '200 decisions');
      const red = (await allDecisions(t.decisions)).filter((d) => d.channel === 'red');
      expect(red.length).toBeGreaterThan(0);
      expect(red.length).toBeLessThanOrEqual(20);
      expect(red.filter((d) => !(d.selection === 'capacity' && d.score >= 70))).toEqual([]);
    } finally {
      await worker.stop();
      await t.close();
    }
  });
});
