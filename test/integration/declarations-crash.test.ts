import { afterEach, describe, expect, it } from 'vitest';
import { allDecisions, startWorker, testQueues, waitFor, waitForDecisions, type TestQueues } from './harness.js';
import { toDeclaration } from '../../src/declaration/declaration.js';
import type { Decision } from '../../src/decision/decision.js';
import { submit } from '../../src/queue/producer.js';
import type { SpawnedWorker } from '../../src/queue/spawn-worker.js';

const FAST_RECOVERY = { LOCK_DURATION_MS: '2000', STALLED_INTERVAL_MS: '1000' };

/** Declarations of three items; every tenth is followed, later in the stream, by an amendment of it. */
function declarations(n: number): Record<string, unknown>[] {
  const originals = Array.from({ length: n }, (_, i) => ({
    id: `D${String(i).padStart(6, '0')}`,
    importer: `I${i % 50}`,
    items: [
      { hsCode: '610910', origin: 'CN', value: 100 },
      { hsCode: '851712', origin: i % 5 === 0 ? 'XX' : 'CN', value: (i % 7) * 30_000 },
      { description: 'samples', weight: 1 },
    ],
  }));
  const amendments = originals
    .filter((_, i) => i % 10 === 0)
    .map((d) => ({ ...d, function: 'amendment', message: `${d.id}-AMD1` }));
  return [...originals, ...amendments];
}

const keyOf = (d: Decision) => (d.message ? `${d.id}~${d.message}` : d.id);

describe('declarations across a worker crash', () => {
  let t: TestQueues;
  const workers: SpawnedWorker[] = [];
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop('SIGKILL')));
    await t.close();
  });

  it('kill -9 mid-way: every declaration and every amendment is decided exactly once, with all its items', async () => {
    t = testQueues('decl-crash');
    const recs = declarations(3_000);
    async function* items() {
      for (const r of recs) yield { declaration: toDeclaration(r) };
    }
    await submit(items(), t.consignments, t.rejected, { batch: 50 });
    const first = startWorker(t, { ...FAST_RECOVERY, CONCURRENCY: '4' });
    workers.push(first);
    await first.ready;
    await waitFor(async () => (await t.decisions.getWaitingCount()) >= 5, 60_000, 'the first worker to be under way');
    first.child.kill('SIGKILL');
    await first.exited;
    const second = startWorker(t, { ...FAST_RECOVERY, CONCURRENCY: '4' });
    workers.push(second);
    await waitForDecisions(t.decisions, recs.length, 120_000);
    await waitFor(
      async () => (await t.consignments.getJobCountByTypes('wait', 'active')) === 0,
      30_000,
      'the input queue to drain',
    );
    const decisions = await allDecisions(t.decisions);
    const counts = new Map<string, number>();
    for (const d of decisions) counts.set(keyOf(d), (counts.get(keyOf(d)) ?? 0) + 1);
    expect(decisions.length).toBe(recs.length);
    expect(counts.size).toBe(recs.length);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(decisions.every((d) => d.items?.length === 3)).toBe(true);
    const amended = decisions.filter((d) => d.amends);
    expect(amended).toHaveLength(300);
    expect(amended.every((d) => d.amends === d.id && d.message === `${d.id}-AMD1`)).toBe(true);
    // Item 2 carries the rule hits of the queue test rule set (value over 100000, origin XX).
    const hit = decisions.find((d) => d.id === 'D000000' && !d.amends)!;
    expect(hit.hits.map((h) => [h.rule, h.item])).toEqual([['origin-xx', 2]]);
  }, 240_000);
});
