import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpawnedWorker } from '../../src/queue/spawn-worker.js';
import {
  allRejected,
  records,
  startWorker,
  testQueues,
  waitFor,
  waitForDecisions,
  type TestQueues,
} from './harness.js';

describe('bad payloads', () => {
  let t: TestQueues;
  let worker: SpawnedWorker;
  beforeAll(async () => {
    t = testQueues('bad');
    worker = startWorker(t, { BATCH_MAX: '1000', MAX_PAYLOAD_BYTES: String(4 * 1024 * 1024) });
    await worker.ready;
  });
  afterAll(async () => {
    await worker.stop();
    await t.close();
  });

  it('each bad payload becomes a rejected entry with a clear reason and its payload; the worker keeps going', async () => {
    const huge = { id: 'huge', notes: 'x'.repeat(10 * 1024 * 1024) };
    const tooMany = records(1001, 'M');
    await t.consignments.add('consignment', 'this is {not JSON', { jobId: 'not-json' });
    await t.consignments.add('consignment', { value: 12 }, { jobId: 'no-id' });
    await t.consignments.add(
      'consignment',
      { id: 'typed', importer: ['IM1'], value: 'a lot' },
      { jobId: 'wrong-types' },
    );
    await t.consignments.add('consignment', huge, { jobId: 'ten-mb' });
    await t.consignments.add('batch', tooMany, { jobId: 'over-max' });
    await t.consignments.add('batch', [{ id: 'ok-1' }, { id: 'bad', weight: -5 }, { id: 'ok-2', value: 200000 }], {
      jobId: 'mixed',
    });
    await t.consignments.add('consignment', { id: 'after', value: 5 }, { jobId: 'after' });

    const decisions = await waitForDecisions(t.decisions, 3);
    expect(decisions.map((d) => d.id).sort()).toEqual(['after', 'ok-1', 'ok-2']);
    await waitFor(async () => (await t.rejected.getWaitingCount()) >= 6, 30_000, 'six rejections');
    const bySource = new Map((await allRejected(t.rejected)).map((r) => [r.source, r]));

    expect(bySource.get('not-json')).toMatchObject({ code: 'BAD_JSON', payload: 'this is {not JSON' });
    expect(bySource.get('no-id')).toMatchObject({ code: 'MISSING_ID', payload: { value: 12 } });
    expect(bySource.get('no-id')!.reason).toContain('no id');
    expect(bySource.get('wrong-types')).toMatchObject({ code: 'BAD_TYPE', id: 'typed' });
    expect(bySource.get('wrong-types')!.reason).toContain('field "importer"');
    const tooLarge = bySource.get('ten-mb')!;
    expect(tooLarge.code).toBe('PAYLOAD_TOO_LARGE');
    expect(tooLarge.reason).toMatch(/over the limit of 4194304/);
    // Not stored again whole: its first 64 KiB and the sha256 of all of it.
    const text = JSON.stringify(huge);
    expect(tooLarge.payload).toEqual({
      truncated: true,
      bytes: text.length,
      sha256: createHash('sha256').update(text).digest('hex'),
      head: text.slice(0, 64 * 1024),
    });
    expect(bySource.get('over-max')).toMatchObject({ code: 'BATCH_TOO_LARGE' });
    expect((bySource.get('over-max')!.payload as unknown[]).length).toBe(1001);
    expect(bySource.get('mixed')).toMatchObject({
      code: 'OUT_OF_RANGE',
      index: 1,
      id: 'bad',
      payload: { id: 'bad', weight: -5 },
    });

    expect(worker.child.exitCode).toBeNull();
    expect(worker.log()).toContain('rejected input');
    // Input jobs with bad payloads are completed (handled), not failed and retried.
    expect(await t.consignments.getFailedCount()).toBe(0);
  });
});
