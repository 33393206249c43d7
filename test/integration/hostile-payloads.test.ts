import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { singleJobId } from '../../src/queue/job-ids.js';
import type { SpawnedWorker } from '../../src/queue/spawn-worker.js';
import {
  allDecisions,
  allRejected,
  decisionCounts,
  records,
  startWorker,
  testQueues,
  waitFor,
  type TestQueues,
} from './harness.js';

const DEPTH = 10_000;
const nested = '['.repeat(DEPTH) + ']'.repeat(DEPTH);

/**
 * Payloads no JSON.stringify can write (it overflows the stack near 10,000
 * levels): added as a placeholder, given the raw JSON text a foreign producer
 * would have written, then released to the workers.
 */
async function addRaw(t: TestQueues, jobId: string, text: string): Promise<void> {
  const job = await t.consignments.add('c', null, { jobId, delay: 60_000 });
  await t.redis.hset(`{${t.prefix}}:consignments:${jobId}`, 'data', text);
  await job.promote();
}

describe('hostile payloads and ids among valid single jobs at concurrency 64', () => {
  let t: TestQueues;
  let worker: SpawnedWorker;
  beforeAll(() => {
    t = testQueues('hostile');
  });
  afterAll(async () => {
    await worker?.stop();
    await t.close();
  });

  it('decides the 300 valid ones, rejects each hostile one alone, and every job finishes, whatever its id', async () => {
    const valid = records(300, 'V');
    const add = (rs: Record<string, unknown>[]) =>
      t.consignments.addBulk(rs.map((r) => ({ name: 'c', data: r, opts: { jobId: singleJobId(String(r.id)) } })));
    await add(valid.slice(0, 150));
    const deep = {
      'deep-field': `{"id":"DEEP-F","importer":${nested}}`,
      'deep-id': `{"id":${nested},"value":5}`,
      'deep-top': nested,
    };
    for (const [jobId, text] of Object.entries(deep)) await addRaw(t, jobId, text);
    // The same depth as JSON text inside a string payload (a producer that serializes itself).
    await t.consignments.add('c', `{"id":"DEEP-S","extra":${nested}}`, { jobId: 'deep-string' });
    const hostile: [string, unknown][] = [
      ['zero-width', { id: 'H\u200B1', value: 1 }],
      ['rtl-override', { id: 'H\u202E1', value: 1 }],
      ['nul', { id: 'H\u00001', value: 1 }],
      ['lone-surrogate', { id: 'H\uD8001', value: 1 }],
      ['proto', JSON.parse('{"id": "H-PROTO", "__proto__": {"origin": "XX"}}')],
      ['constructor', { id: 'H-CTOR', constructor: { prototype: 1 } }],
      ['nfd', { id: 'Se\u0301ville-1', value: 2 }],
      ['nfc', { id: 'S\u00e9ville-1', value: 2 }],
    ];
    for (const [name, data] of hostile) {
      const id = (data as { id: string }).id;
      // The lone surrogate's job id as docs/operations.md derives it (singleJobId): an id BullMQ can complete.
      await t.consignments.add('c', data, { jobId: name === 'lone-surrogate' ? singleJobId(id) : name });
    }
    // Job ids a plain BullMQ producer may set, which BullMQ itself can neither complete nor fail.
    await t.consignments.add('c', { id: 'H\uDC002', value: 1 }, { jobId: 'c-H\uDC002' });
    await t.consignments.add('c', [{ id: 'H-BATCH-1', value: 1 }, { id: 'H\uD8003' }], { jobId: 'b-\uD800' });
    await add(valid.slice(150));

    worker = startWorker(t, { CONCURRENCY: '64' });
    await worker.ready;
    await waitFor(
      async () => (await t.consignments.getJobCountByTypes('wait', 'active', 'delayed', 'prioritized')) === 0,
      45_000,
      'every job to finish',
    ).catch(async (e: unknown) => {
      const left = await t.consignments.getJobs(['wait', 'active', 'delayed', 'prioritized']);
      process.stderr.write(`left: ${JSON.stringify(left.map((j) => j.id))}\n${worker.log().slice(-3000)}\n`);
      throw e;
    });
    expect(await t.consignments.getFailedCount()).toBe(0);

    const counts = decisionCounts(await allDecisions(t.decisions));
    for (const r of valid) expect(counts.get(r.id as string), r.id as string).toBe(1);
    // NFD and NFC spellings are one consignment: decided once, under its NFC id.
    expect(counts.get('S\u00e9ville-1')).toBe(1);
    expect(counts.get('H-BATCH-1')).toBe(1);
    expect(counts.size).toBe(302);

    await waitFor(async () => (await t.rejected.getWaitingCount()) >= 12, 20_000, 'twelve rejections');
    const bySource = new Map((await allRejected(t.rejected)).map((r) => [r.source, r]));
    for (const [jobId, text] of Object.entries(deep)) {
      expect(bySource.get(jobId), jobId).toMatchObject({
        code: 'TOO_DEEP',
        payload: { truncated: true, bytes: text.length, sha256: createHash('sha256').update(text).digest('hex') },
      });
    }
    expect(bySource.get('deep-string')?.code).toBe('TOO_DEEP');
    for (const name of ['zero-width', 'rtl-override', 'nul']) {
      expect(bySource.get(name), name).toMatchObject({ code: 'BAD_ID' });
      expect(bySource.get(name)!.reason).toMatch(/U\+[0-9A-F]{4}/);
    }
    expect(bySource.get(singleJobId('H\uD8001'))).toMatchObject({ code: 'BAD_ID' });
    // Foreign unnamed ids: finished by the worker, named by their escaped bytes.
    expect(bySource.get('c-H%uDC002')).toMatchObject({ code: 'BAD_ID' });
    expect(bySource.get('b-%uD800')).toMatchObject({ code: 'BAD_ID', index: 1 });
    expect(bySource.get('proto')).toMatchObject({ code: 'RESERVED_KEY' });
    expect(bySource.get('constructor')).toMatchObject({ code: 'RESERVED_KEY' });
    expect(worker.log()).not.toMatch(/Maximum call stack|job failed|worker error|Missing key/);
  }, 90_000);
});
