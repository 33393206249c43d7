import { afterEach, describe, expect, it } from 'vitest';
import type { SpawnedWorker } from '../../src/queue/spawn-worker.js';
import {
  decisionCounts,
  records,
  startWorker,
  submitRecords,
  testQueues,
  waitForDecisions,
  type TestQueues,
} from './harness.js';

describe('three worker processes on one queue', () => {
  let t: TestQueues;
  const workers: SpawnedWorker[] = [];
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    await t.close();
  });

  it('decide each consignment once, sharing the work', async () => {
    t = testQueues('three');
    for (let i = 0; i < 3; i++) workers.push(startWorker(t, { CONCURRENCY: '2', LOG_LEVEL: 'debug' }));
    await Promise.all(workers.map((w) => w.ready));
    const recs = records(12_000);
    // Batches and single jobs, and the same ids submitted again in other groupings.
    await Promise.all([
      submitRecords(t, recs.slice(0, 10_000), 100),
      submitRecords(t, recs.slice(10_000), 1),
      submitRecords(t, recs.slice(9_000, 11_000), 40),
    ]);
    const decisions = await waitForDecisions(t.decisions, 12_000);
    await new Promise((r) => setTimeout(r, 500));
    const counts = decisionCounts(decisions);
    expect(counts.size).toBe(12_000);
    expect(decisions.length).toBe(12_000);
    const jobsPerWorker = workers.map((w) => w.log().split('"job done"').length - 1);
    expect(jobsPerWorker.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
  });
});
