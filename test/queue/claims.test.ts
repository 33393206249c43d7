import { afterEach, describe, expect, it } from 'vitest';
import { createClaims } from '../../src/queue/claims.js';
import { testQueues, type TestQueues } from '../integration/harness.js';

describe('claims (real Redis)', () => {
  let t: TestQueues;
  afterEach(async () => t.close());

  it('gives each id to the first job that claims it, and the same answer when that job asks again', async () => {
    t = testQueues('claims');
    const claims = createClaims(t.redis, t.prefix, 'consignments', 3600);
    expect(await claims.claim(['a', 'b', 'c'], 'job1')).toEqual([0, 1, 2]);
    expect(await claims.claim(['c', 'd', 'a'], 'job2')).toEqual([1]);
    expect(await claims.claim(['a', 'b', 'c'], 'job1')).toEqual([0, 1, 2]);
    expect(await claims.claim([], 'job3')).toEqual([]);
  });

  it('once a job is marked emitted, its ids go to no job again, not even to it re-running after a crash', async () => {
    t = testQueues('claims-emitted');
    const claims = createClaims(t.redis, t.prefix, 'consignments', 3600);
    expect(await claims.claim(['a', 'b'], 'job1')).toEqual([0, 1]);
    expect(await claims.claim(['c'], 'job2')).toEqual([0]);
    const tx = t.redis.multi();
    claims.markEmitted(tx, ['job1']);
    await tx.exec();
    expect(await claims.claim(['a', 'b'], 'job1')).toEqual([]);
    expect(await claims.claim(['a', 'b', 'c'], 'job2')).toEqual([2]);
    expect(await claims.claim(['a', 'd'], 'job3')).toEqual([1]);
  });

  it('groups concurrent claims into one call and splits the answers back', async () => {
    t = testQueues('claims-group');
    const claims = createClaims(t.redis, t.prefix, 'consignments', 3600);
    const answers = await Promise.all([claims.claim(['x'], 'j1'), claims.claim(['x', 'y'], 'j2'), claims.claim(['z', 'y', 'w'], 'j3')]);
    expect(answers).toEqual([[0], [1], [0, 2]]);
  });

  it('keeps a claim through the next window, and lets it expire after', async () => {
    t = testQueues('claims-window');
    let now = 0;
    const claims = createClaims(t.redis, t.prefix, 'consignments', 60, () => now);
    await claims.claim(['a'], 'old');
    now = 61_000;
    expect(await claims.claim(['a'], 'new')).toEqual([]);
    now = 121_000;
    expect(await claims.claim(['a'], 'new')).toEqual([0]);
    expect(await t.redis.ttl(`{${t.prefix}}:consignments:claims:2`)).toBe(120);
  });
});
