import { createIORedisClient, Job } from 'bullmq';
import type { ChainableCommander } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { copyBullmqScripts } from '../../src/queue/bullmq-scripts.js';
import { closeClient, duplicateClient, type RedisClient } from '../../src/queue/connection.js';
import { testQueues, type TestQueues } from '../integration/harness.js';

const scripts = (c: RedisClient) => Object.keys((c as unknown as { scriptsSet: object }).scriptsSet);

describe('copyBullmqScripts (real Redis)', () => {
  let t: TestQueues;
  let to: RedisClient | undefined;
  afterEach(async () => {
    if (to) await closeClient(to);
    await t.close();
  });

  it('gives a fresh connection the one script it names: a MULTI there adds a BullMQ job', async () => {
    t = testQueues('scripts');
    to = duplicateClient(t.redis);
    await copyBullmqScripts(t.decisions, t.redis, to, ['addStandardJob']);
    expect(scripts(t.redis).length).toBeGreaterThan(20);
    expect(scripts(to)).toHaveLength(1);
    expect(scripts(to)[0]).toMatch(/^addStandardJob:/);
    const tx = (createIORedisClient(to) as unknown as { multi(): ChainableCommander }).multi();
    await new Job(t.decisions, 'decisions', { n: 1 }, {}).addJob(tx as never);
    await tx.exec();
    expect((await t.decisions.getWaiting()).map((j) => j.data)).toEqual([{ n: 1 }]);
  });

  it('says which script BullMQ did not define', async () => {
    t = testQueues('scripts-missing');
    to = duplicateClient(t.redis);
    await expect(copyBullmqScripts(t.decisions, t.redis, to, ['noSuchScript'])).rejects.toThrow(
      'BullMQ defined no script noSuchScript',
    );
  });
});
