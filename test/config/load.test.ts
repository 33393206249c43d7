import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors.js';

describe('loadConfig', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      redisUrl: 'redis://127.0.0.1:6379',
      prefix: 'targeting',
      batchMax: 1000,
      rulesDir: 'rules',
      hotReload: true,
    });
    expect(c.queues).toEqual({ consignments: 'consignments', decisions: 'decisions', rejected: 'rejected' });
  });

  it('reads the environment', () => {
    const c = loadConfig({
      QUEUE_PREFIX: 'centre-1',
      CONCURRENCY: '16',
      BATCH_MAX: '200',
      REDIS_SENTINELS: 's1:26379,[::1]:26380',
      HOT_RELOAD: 'off',
    });
    expect(c).toMatchObject({ prefix: 'centre-1', concurrency: 16, batchMax: 200, hotReload: false });
    expect(c.sentinels).toEqual([
      { host: 's1', port: 26379 },
      { host: '::1', port: 26380 },
    ]);
  });

  it('reports every bad setting at once, by name', () => {
    let error: unknown;
    try {
      loadConfig({ REDIS_URL: 'localhost:6379', CONCURRENCY: '0', BATCH_MAX: 'many', QUEUE_PREFIX: 'a:b' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['REDIS_URL', 'CONCURRENCY', 'BATCH_MAX', 'QUEUE_PREFIX']) expect(message).toContain(name);
  });
});
