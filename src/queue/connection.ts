import type { ConnectionOptions } from 'bullmq';
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { ConfigError } from '../errors.js';
import { badUrl, redisOptions, safeUrl, type HostPort } from '../config/redis-url.js';

// URL parsing is settings knowledge (src/config/), shared with the settings loader.
export {
  DEFAULT_REDIS_URL,
  parseClusterUrl,
  parseHostPorts,
  redisOptions,
  safeUrl,
  type HostPort,
} from '../config/redis-url.js';

/** A single-node, Sentinel or Cluster client: every command and the worker use what `createRedis` returns. */
export type RedisClient = Redis | Cluster;

export interface RedisEndpoint {
  /** Credentials, db and TLS (`rediss://`); the address itself unless sentinels or cluster nodes are given. */
  redisUrl: string;
  sentinels?: HostPort[];
  sentinelName?: string;
  /** Redis Cluster seed nodes (REDIS_CLUSTER_NODES or a `redis-cluster://` URL). */
  clusterNodes?: HostPort[];
}

/**
 * Options for a direct connection, or, with sentinels, for the master Sentinel
 * names (REDIS_URL then supplies the credentials, db and TLS of the master).
 * Sentinel clients subscribe to `+switch-master` (`failoverDetector`), so they
 * move to a promoted replica at once instead of writing to the old master
 * until Sentinel demotes it.
 */
export function connectionOptions(endpoint: RedisEndpoint): RedisOptions {
  const opts = redisOptions(endpoint.redisUrl);
  if (!endpoint.sentinels?.length) return opts;
  const { host: _host, port: _port, ...rest } = opts;
  return {
    ...rest,
    sentinels: endpoint.sentinels,
    name: endpoint.sentinelName ?? 'mymaster',
    failoverDetector: true,
    // The sentinels share the master's TLS setting (REDIS_URL's scheme).
    ...(rest.tls ? { enableTLSForSentinelMode: true, sentinelTLS: rest.tls } : {}),
  };
}

/**
 * The one connection factory: a single node, a Sentinel-managed master or a
 * Redis Cluster, with the same settings for the worker and every command.
 * `extra` tunes a command's client (fewer retries, lazy connect…); on a
 * cluster it applies to every node connection, its retry strategy to the cluster's.
 */
export function createRedis(endpoint: RedisEndpoint & { clusterNodes?: undefined }, extra?: RedisOptions): Redis;
export function createRedis(endpoint: RedisEndpoint, extra?: RedisOptions): RedisClient;
export function createRedis(endpoint: RedisEndpoint, extra: RedisOptions = {}): RedisClient {
  if (endpoint.clusterNodes?.length) return new Cluster(endpoint.clusterNodes, clusterOptions(endpoint, extra));
  const options = { ...connectionOptions(endpoint), ...extra };
  return options.failoverDetector ? new SentinelClient(options) : new Redis(options);
}

/**
 * A Sentinel client that closes its failover detector's subscriptions to the
 * sentinels when it ends, however it was closed: ioredis closes them on
 * disconnect() but not on quit() (redis/ioredis#1362), and BullMQ quits the
 * connections it duplicates, so `targeting results` read every decision and
 * then never exited. Its duplicates are SentinelClients too.
 */
class SentinelClient extends Redis {
  constructor(options: RedisOptions) {
    super(options);
    // What disconnect() does for the detector, without ending the closed stream again (that arms a 2 s timer).
    this.on('end', () => (this as unknown as WithDetector).connector.failoverDetector?.cleanup());
  }

  override duplicate(override?: Partial<RedisOptions>): Redis {
    return new SentinelClient({ ...this.options, ...override });
  }
}

/** The part of ioredis' SentinelConnector that SentinelClient reaches (not in its typings). */
interface WithDetector {
  connector: { failoverDetector?: { cleanup(): void } | null };
}

function clusterOptions(endpoint: RedisEndpoint, extra: RedisOptions): ClusterOptions {
  const {
    host: _h,
    port: _p,
    db,
    retryStrategy,
    lazyConnect,
    ...node
  } = { ...redisOptions(endpoint.redisUrl), ...extra };
  if (db) throw badUrl(endpoint.redisUrl, 'a Redis Cluster has only database 0');
  const {
    sentinels: _s,
    enableOfflineQueue: _o,
    readOnly: _r,
    ...redisOpts
  } = node as RedisOptions & { sentinels?: unknown };
  return {
    redisOptions: redisOpts,
    clusterRetryStrategy: retryStrategy ?? ((times) => Math.min(100 * times, 2000)),
    ...(lazyConnect ? { lazyConnect } : {}),
    // A slot moving (failover, resharding) is followed, not reported: BullMQ's scripts retry on the new owner.
    retryDelayOnMoved: 50,
    slotsRefreshTimeout: 2000,
  };
}

/** A new client like `client` (same endpoint and options) with `extra` on top: a connection of its own. */
export function duplicateClient(client: RedisClient, extra: RedisOptions = {}): RedisClient {
  if (client instanceof Cluster) {
    const { redisOptions: node = {}, ...rest } = client.options;
    return client.duplicate([], { ...rest, redisOptions: { ...node, ...extra } });
  }
  return client.duplicate(extra);
}

/**
 * Closes a client, waiting for replies in flight. Disconnecting after QUIT
 * also closes a Sentinel client's subscriptions to `+switch-master`, which
 * QUIT leaves open (a command would otherwise never exit).
 */
export async function closeClient(client: RedisClient): Promise<void> {
  await client.quit().catch(() => undefined);
  client.disconnect();
}

/** Where a client connects, for logs: the URL without password, the sentinels or the cluster nodes. */
export function describeEndpoint(endpoint: RedisEndpoint): string {
  const hosts = (list: HostPort[]) => list.map((n) => `${n.host}:${n.port}`).join(',');
  if (endpoint.clusterNodes?.length) return `cluster ${hosts(endpoint.clusterNodes)}`;
  if (endpoint.sentinels?.length)
    return `sentinel ${hosts(endpoint.sentinels)} master "${endpoint.sentinelName ?? 'mymaster'}"`;
  return safeUrl(endpoint.redisUrl);
}

/**
 * The same options typed for BullMQ, which opens its own (blocking) connections
 * from them. A cluster needs a client instance instead: pass `createRedis`'s.
 */
export function bullConnection(endpoint: RedisEndpoint): ConnectionOptions {
  if (endpoint.clusterNodes?.length) {
    throw new Error('bullConnection: a Redis Cluster needs a client instance; pass createRedis(endpoint) to BullMQ');
  }
  return connectionOptions(endpoint) as ConnectionOptions;
}

/**
 * Options of a one-shot probe (start-up checks): one connection, no reconnect,
 * no queued commands, a short timeout, so a check answers at once.
 */
export const PROBE_OPTIONS = {
  lazyConnect: true,
  maxRetriesPerRequest: 0,
  retryStrategy: () => null,
  connectTimeout: 3000,
  enableOfflineQueue: false,
} as const satisfies RedisOptions;

/**
 * A node of a Redis Cluster answers a client that is not a cluster client with
 * MOVED for every key outside its slots: BullMQ would retry forever. Refuses
 * that setup at start, naming the setting; an unreachable server is left to
 * the reconnecting clients.
 */
export async function checkTopology(endpoint: RedisEndpoint): Promise<void> {
  if (endpoint.clusterNodes?.length || endpoint.sentinels?.length) return;
  const probe = new Redis({ ...redisOptions(endpoint.redisUrl), ...PROBE_OPTIONS });
  probe.on('error', () => {});
  let clusterEnabled = false;
  try {
    await probe.connect();
    clusterEnabled = /cluster_enabled:1/.test(await probe.info('cluster'));
  } catch {
    return;
  } finally {
    probe.disconnect();
  }
  if (clusterEnabled) {
    throw new ConfigError(
      'REDIS_IS_CLUSTER',
      `Redis at ${safeUrl(endpoint.redisUrl)} is a Redis Cluster node, and this client is not a cluster client`,
      { field: 'REDIS_CLUSTER_NODES' },
      'set REDIS_CLUSTER_NODES=host:port,… (or REDIS_URL=redis-cluster://host:port,…)',
    );
  }
}
