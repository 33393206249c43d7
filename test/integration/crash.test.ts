import { afterEach, describe, expect, it } from 'vitest';
import {
  allDecisions,
  decisionCounts,
  records,
  startWorker,
  submitRecords,
  testQueues,
  waitFor,
  waitForDecisions,
  type TestQueues,
} from './harness.js';
import type { SpawnedWorker } from '../../src/queue/spawn-worker.js';
import { hashTaggedPrefix } from '../../src/queue/names.js';
import { readResults } from '../../src/queue/results.js';

// Short locks so jobs a killed worker held are found stalled within seconds.
const FAST_RECOVERY = { LOCK_DURATION_MS: '2000', STALLED_INTERVAL_MS: '1000' };

describe('crash and restart of workers', () => {
  let t: TestQueues;
  const workers: SpawnedWorker[] = [];
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop('SIGKILL')));
    await t.close();
  });

  it('kill -9 in the middle of 20,000 consignments: another worker finishes, every consignment has exactly one decision', async () => {
    t = testQueues('crash');
    const recs = records(20_000);
    await submitRecords(t, recs, 100);
    const first = startWorker(t, { ...FAST_RECOVERY, CONCURRENCY: '4' });
    workers.push(first);
    await first.ready;
    await waitFor(async () => (await t.decisions.getWaitingCount()) >= 40, 60_000, 'the first worker to be under way');
    first.child.kill('SIGKILL');
    await first.exited;
    // The dead worker's in-flight jobs are still "active" under its expired lock: they must be recovered, not lost.
    expect(await t.consignments.getActiveCount()).toBeGreaterThan(0);
    expect(await t.decisions.getWaitingCount()).toBeLessThan(200);

    const second = startWorker(t, { ...FAST_RECOVERY, CONCURRENCY: '4', METRICS_PORT: '0' });
    workers.push(second);
    const decisions = await waitForDecisions(t.decisions, 20_000, 90_000);
    await waitFor(
      async () => (await t.consignments.getJobCountByTypes('wait', 'active')) === 0,
      30_000,
      'the input queue to drain',
    );
    const counts = decisionCounts(await allDecisions(t.decisions));
    expect(decisions.length).toBe(20_000);
    expect(counts.size).toBe(20_000);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(recs.every((r) => counts.get(r.id as string) === 1)).toBe(true);
    // The jobs taken back from the dead worker are logged with their ids.
    const taken = second
      .log()
      .split('\n')
      .filter((l) => l.includes('stalled jobs taken back'))
      .map((l) => JSON.parse(l) as { jobs: string[]; count: number });
    const takenBack = taken.reduce((n, l) => n + l.count, 0);
    expect(takenBack).toBeGreaterThan(0);
    expect(taken[0].jobs[0]).toMatch(/^b-/);
    // …and counted, as many as logged.
    const metrics = /"url":"(http:[^"]+)"/.exec(second.log())![1];
    const text = await (await fetch(`${metrics}/metrics`)).text();
    expect(text).toMatch(new RegExp(`^targeting_jobs_stalled_total ${takenBack}$`, 'm'));
  });

  it('a job run again after its decisions were emitted and consumed emits nothing new', async () => {
    t = testQueues('rerun');
    const worker = startWorker(t);
    workers.push(worker);
    await worker.ready;
    const recs = records(50);
    await submitRecords(t, recs, 50);
    await waitForDecisions(t.decisions, 50);
    // A reader consumes the decisions; then the same job (same id) runs again, as after a crash before completion.
    const read: string[] = [];
    await readResults({
      connection: t.redis,
      prefix: hashTaggedPrefix(t.prefix),
      queue: 'decisions',
      follow: false,
      write: (d) => void read.push(d.id),
    });
    expect(read.length).toBe(50);
    expect(await t.decisions.getWaitingCount()).toBe(0);
    await submitRecords(t, recs, 50);
    await submitRecords(t, recs.slice(0, 10), 1);
    await waitFor(
      async () => (await t.consignments.getJobCountByTypes('wait', 'active')) === 0,
      30_000,
      'the re-runs to finish',
    );
    expect(await allDecisions(t.decisions)).toEqual([]);
  });

  it('SIGTERM lets in-flight jobs finish and exits 0; the rest is decided by the next worker, once', async () => {
    t = testQueues('sigterm');
    await submitRecords(t, records(5_000), 50);
    const first = startWorker(t, { CONCURRENCY: '2' });
    workers.push(first);
    await first.ready;
    await waitFor(async () => (await t.decisions.getWaitingCount()) >= 5, 30_000, 'first decisions');
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(first.log()).toContain('scoring worker stopped');
    expect(await t.consignments.getActiveCount()).toBe(0);
    const second = startWorker(t);
    workers.push(second);
    const decisions = await waitForDecisions(t.decisions, 5_000);
    expect(decisionCounts(decisions).size).toBe(5_000);
    expect(decisions.length).toBe(5_000);
  });
});
