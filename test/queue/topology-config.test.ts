import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { connectionOptions, createRedis, parseClusterUrl } from '../../src/queue/connection.js';
import { Cluster } from 'ioredis';

describe('connection settings for Sentinel, Cluster and partitions', () => {
  it('reads a cluster from REDIS_CLUSTER_NODES or a redis-cluster:// URL, credentials included', () => {
    expect(loadConfig({ REDIS_CLUSTER_NODES: 'a:7000, b:7001' }).clusterNodes).toEqual([
      { host: 'a', port: 7000 },
      { host: 'b', port: 7001 },
    ]);
    const c = loadConfig({ REDIS_URL: 'rediss-cluster://u:p%40ss@n1:7000,n2:7001' });
    expect(c.clusterNodes).toEqual([
      { host: 'n1', port: 7000 },
      { host: 'n2', port: 7001 },
    ]);
    expect(c.redisUrl).toBe('rediss://u:p%40ss@n1:7000');
    expect(parseClusterUrl('redis://h:1')).toBeUndefined();
    const client = createRedis(c, { lazyConnect: true });
    expect(client).toBeInstanceOf(Cluster);
    expect((client as Cluster).options.redisOptions).toMatchObject({
      password: 'p@ss',
      username: 'u',
      maxRetriesPerRequest: null,
    });
    client.disconnect();
  });

  it('makes Sentinel clients follow +switch-master', () => {
    expect(connectionOptions({ redisUrl: 'redis://h:1', sentinels: [{ host: 's', port: 26379 }] })).toMatchObject({
      failoverDetector: true,
      name: 'mymaster',
    });
  });

  it('reads partitions, owned partitions and the durability wait', () => {
    const c = loadConfig({
      QUEUE_PARTITIONS: '6',
      QUEUE_PARTITIONS_OWNED: '0,2-3',
      REDIS_WAIT_REPLICAS: '1',
      REDIS_WAIT_TIMEOUT_MS: '250',
    });
    expect(c).toMatchObject({ partitions: 6, partitionsOwned: [0, 2, 3], waitReplicas: 1, waitTimeoutMs: 250 });
    expect(loadConfig({})).toMatchObject({ waitReplicas: 0 });
    expect(loadConfig({}).partitions).toBeUndefined();
  });

  it('reports every bad topology setting at once', () => {
    const bad = () =>
      loadConfig({
        REDIS_CLUSTER_NODES: 'nohost',
        QUEUE_PARTITIONS: '0',
        QUEUE_PARTITIONS_OWNED: '7',
        REDIS_WAIT_REPLICAS: '-1',
      });
    // One error, naming each of them (in the schema's order).
    for (const name of ['REDIS_CLUSTER_NODES', 'QUEUE_PARTITIONS=', 'QUEUE_PARTITIONS_OWNED', 'REDIS_WAIT_REPLICAS'])
      expect(bad).toThrow(name);
    expect(() => loadConfig({ QUEUE_PARTITIONS: '4', QUEUE_PARTITIONS_OWNED: '4' })).toThrow(/from 0 to 3/);
    expect(() => loadConfig({ QUEUE_PARTITIONS: '4', AUDIT_STREAM: 'x' })).toThrow(/AUDIT_STREAM/);
    expect(() => loadConfig({ REDIS_SENTINELS: 's:1', REDIS_CLUSTER_NODES: 'a:1' })).toThrow(/exclude/);
  });
});
