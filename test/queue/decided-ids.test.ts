import { afterEach, describe, expect, it } from 'vitest';
import { decidedIds } from '../../src/queue/decided-ids.js';
import { testQueues, type TestQueues } from '../integration/harness.js';

describe('decided ids (real Redis)', () => {
  let t: TestQueues;
  afterEach(async () => t.close());

  async function lookup(decided: ReturnType<typeof decidedIds>, ids: string[]): Promise<boolean[]> {
    const pipeline = t.redis.pipeline();
    const read = decided.lookup(ids)(pipeline);
    return read((await pipeline.exec()) ?? []);
  }

  async function mark(decided: ReturnType<typeof decidedIds>, ids: string[]): Promise<void> {
    const tx = t.redis.multi();
    decided.markDecided(tx, ids);
    await tx.exec();
  }

  it('says which ids are decided, once marked in a transaction', async () => {
    t = testQueues('decided');
    const decided = decidedIds(t.prefix, 'consignments', 3600);
    expect(await lookup(decided, ['a', 'b', 'c'])).toEqual([false, false, false]);
    await mark(decided, ['a', 'c']);
    expect(await lookup(decided, ['c', 'd', 'a'])).toEqual([true, false, true]);
    expect(await lookup(decided, [])).toEqual([]);
  });

  it('remembers an id through the next window, and forgets it after', async () => {
    t = testQueues('decided-window');
    let now = 0;
    const decided = decidedIds(t.prefix, 'consignments', 60, () => now);
    await mark(decided, ['a']);
    now = 61_000;
    expect(await lookup(decided, ['a'])).toEqual([true]);
    now = 121_000;
    expect(await lookup(decided, ['a'])).toEqual([false]);
    expect(await t.redis.ttl(`{${t.prefix}}:consignments:decided:0`)).toBe(120);
  });
});
