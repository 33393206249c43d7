import { afterEach, describe, expect, it } from 'vitest';
import { auditKeys } from '../../src/audit/keys.js';
import { auditStreamKey } from '../../src/queue/names.js';
import type { SpawnedWorker } from '../../src/queue/spawn-worker.js';
import { allDecisions, startWorker, testQueues, waitFor, type TestQueues } from './harness.js';

interface LogLine {
  level: number;
  msg: string;
  jobs?: string[];
}

const lines = (w: SpawnedWorker): LogLine[] =>
  w
    .log()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);

describe('a job whose lock is lost under a running worker', () => {
  let t: TestQueues | undefined;
  let worker: SpawnedWorker | undefined;
  afterEach(async () => {
    await worker?.stop('SIGKILL');
    await t?.close();
  });

  it('is one warning per turn, not an error per job, and its consignment is decided once', async () => {
    t = testQueues('lost-locks');
    // Locks renewed every half second and stalled jobs taken back every second: the standstill below is short.
    worker = startWorker(t, { LOCK_DURATION_MS: '1000', STALLED_INTERVAL_MS: '1000' });
    await worker.ready;
    // Another writer holds the writers' lease: the job decides, then waits for its turn to commit.
    const lease = auditKeys(auditStreamKey(t.prefix)).lock;
    await t.redis.set(lease, 'another-writer', 'PX', 60_000);
    const jobId = 'lost-lock-1';
    await t.consignments.add('consignment', { id: 'L1', value: 100 }, { jobId });
    await waitFor(async () => (await t!.consignments.getActiveCount()) === 1, 10_000, 'the job to be active');
    // Its lock gone as after a standstill past LOCK_DURATION_MS.
    await t.redis.del(t.consignments.toKey(`${jobId}:lock`));
    const said = (text: string) => lines(worker!).some((l) => l.msg.startsWith(text) && l.jobs?.includes(jobId));
    await waitFor(async () => said('job locks not renewed'), 10_000, 'the lost lock to be logged');
    await waitFor(async () => said('stalled jobs taken back'), 10_000, 'the job to be taken back');
    await t.redis.del(lease);

    await waitFor(
      async () => (await t!.consignments.getJobState(jobId)) === 'completed',
      20_000,
      'the job to complete',
    );
    const decided = (await allDecisions(t.decisions)).filter((d) => d.id === 'L1');
    expect(decided).toHaveLength(1);
    // The first attempt's completion is refused (the job is the second attempt's now): said once, as a warning.
    await waitFor(async () => said('job completions refused'), 5_000, 'the refused completion to be logged');
    const log = lines(worker);
    expect(log.filter((l) => l.level >= 50)).toEqual([]);
    expect(worker.log()).not.toContain('could not renew lock');
    // Every line naming the job is one of the three warnings, each said once.
    const naming = log.filter((l) => l.jobs?.includes(jobId));
    expect(naming.every((l) => l.level === 40)).toBe(true);
    expect(naming.map((l) => l.msg.split(/[:(,]/)[0].trim()).sort()).toEqual([
      'job completions refused',
      'job locks not renewed',
      'stalled jobs taken back',
    ]);
  }, 60_000);
});
