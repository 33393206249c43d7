import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCommitter, type Committer } from '../../src/queue/commit.js';
import { verifyStream } from '../../src/audit/verify.js';
import { toConsignment } from '../../src/declaration/validate.js';
import type { Decision } from '../../src/decision/decision.js';
import { decidedIds } from '../../src/queue/decided-ids.js';
import { ResultEmitter, type JobResults } from '../../src/queue/emitter.js';
import { hashTaggedPrefix, ownKey } from '../../src/queue/names.js';
import { allDecisions, decisionCounts, testQueues, type TestQueues } from '../integration/harness.js';

/** One worker's committer and emitter, as startScoringWorker wires them. */
function committer(t: TestQueues) {
  const commits = createCommitter({
    redis: t.redis,
    decided: decidedIds(t.prefix, 'consignments', 3600),
    decisions: { queue: 'decisions', prefix: hashTaggedPrefix(t.prefix) },
    audit: { key: ownKey(t.prefix, 'audit') },
  });
  const emitter = new ResultEmitter({ committer: commits, rejected: t.rejected, dedupeTtlMs: 3_600_000 });
  return { commits, emitter, close: () => commits.close() };
}

function job(source: string, ids: string[], own?: JobResults['own']): JobResults {
  const consignments = ids.map((id) => toConsignment({ id, value: 100 }));
  const made = ids.map((id): Decision => ({
    id,
    score: 0,
    channel: 'green',
    hits: [],
    ruleset: 'test@000000000000',
    decidedAt: '2026-12-01T00:00:00.000Z',
  }));
  return {
    source,
    ids,
    rejections: [],
    own:
      own ??
      ((owned) => {
        const decisions = owned.map((i) => made[i]);
        return { decisions, consignments: owned.map((i) => consignments[i]), emitted: decisions };
      }),
  };
}

describe('ResultEmitter (real Redis)', () => {
  let t: TestQueues;
  let workers: { commits: Committer; emitter: ResultEmitter; close(): Promise<unknown> }[] = [];
  afterEach(async () => {
    await Promise.all(workers.map((w) => w.close()));
    workers = [];
    await t.close();
  });

  it('decides each id once when two workers commit overlapping jobs at once, and audits exactly what went out', async () => {
    t = testQueues('emitter');
    workers = [committer(t), committer(t)];
    const ids = (from: number, n: number) => Array.from({ length: n }, (_, i) => `C${from + i}`);
    // Jobs of 50 ids, each overlapping the next by half, alternately on the two workers.
    const jobs = Array.from({ length: 40 }, (_, j) => job(`j${j}`, ids(j * 25, 50)));
    const owned = await Promise.all(jobs.map((r, j) => workers[j % 2].emitter.emit(r)));

    const decided = await allDecisions(t.decisions);
    expect(decided).toHaveLength(25 * 41);
    expect([...decisionCounts(decided).values()].every((n) => n === 1)).toBe(true);
    expect(owned.reduce((n, o) => n + o.decisions.length, 0)).toBe(25 * 41);
    const audit = await verifyStream(t.redis, ownKey(t.prefix, 'audit'));
    expect(audit).toMatchObject({ ok: true, checked: 25 * 41 });
  });

  it('skips ids decided before, and gives its turn back at once when a job fails before writing', async () => {
    t = testQueues('emitter-fail');
    workers = [committer(t), committer(t)];
    const [a, b] = workers;
    await a.emitter.emit(job('first', ['A', 'B']));
    const again = await b.emitter.emit(job('again', ['B', 'C']));
    expect(again.decisions.map((d) => d.id)).toEqual(['C']);

    await expect(
      a.emitter.emit(
        job('broken', ['D'], () => {
          throw new Error('selector failed');
        }),
      ),
    ).rejects.toThrow('selector failed');
    const started = Date.now();
    await b.emitter.emit(job('next', ['E']));
    // Well under the 5 s lease: the failed commit released it.
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await allDecisions(t.decisions)).map((d) => d.id).sort()).toEqual(['A', 'B', 'C', 'E']);
  });

  it("commits on a connection holding only the lease scripts and BullMQ's add script", async () => {
    t = testQueues('emitter-scripts');
    workers = [committer(t)];
    const [w] = workers;
    await w.emitter.emit(job('first', ['A', 'B']));
    expect((await allDecisions(t.decisions)).map((d) => d.id)).toEqual(['A', 'B']);
    // Its pipelines and MULTIs copy each script the connection has: BullMQ's 64 made each cost about 36 µs.
    expect(Object.keys((w.commits.connection as unknown as { scriptsSet: object }).scriptsSet).sort()).toEqual([
      expect.stringMatching(/^addStandardJob:/),
      'writerLeaseRelease',
      'writerLeaseTake',
    ]);
  });

  it("leaves a connection error to the connection's owner: BullMQ does not print it, AUTH arguments and all", async () => {
    t = testQueues('emitter-refused');
    workers = [committer(t)];
    const [w] = workers;
    await w.emitter.emit(job('warm', ['A']));
    w.commits.connection.on('error', () => undefined);
    const printed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const refused = Object.assign(new Error('WRONGPASS invalid username-password pair'), {
        command: { name: 'auth', args: ['scorer', 'secret-pw'] },
      });
      w.commits.connection.emit('error', refused);
      expect(printed).not.toHaveBeenCalled();
    } finally {
      printed.mockRestore();
    }
  });
});
