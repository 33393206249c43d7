import type { ConnectionOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { ConfigError } from '../errors.js';
// URL parsing is settings knowledge (src/config/), shared with the settings loader.
export { DEFAULT_REDIS_URL, redisOptions, safeUrl } from '../config/redis-url.js';
import { redisOptions, safeUrl } from '../config/redis-url.js';

export interface RedisEndpoint {
  redisUrl: string;
  sentinels?: { host: string; port: number }[];
  sentinelName?: string;
}

/**
 * Options for a direct connection, or, with sentinels, for the master Sentinel
 * names (REDIS_URL then supplies the credentials, db and TLS of the master).
 */
export function connectionOptions(endpoint: RedisEndpoint): RedisOptions {
  const opts = redisOptions(endpoint.redisUrl);
  if (!endpoint.sentinels?.length) return opts;
  const { host: _host, port: _port, ...rest } = opts;
  return { ...rest, sentinels: endpoint.sentinels, name: endpoint.sentinelName ?? 'mymaster' };
}

export function createRedis(endpoint: RedisEndpoint, extra: RedisOptions = {}): Redis {
  return new Redis({ ...connectionOptions(endpoint), ...extra });
}

/** The same options typed for BullMQ, which opens its own (blocking) connections from them. */
export function bullConnection(endpoint: RedisEndpoint): ConnectionOptions {
  return connectionOptions(endpoint) as ConnectionOptions;
}

/**
 * Fails fast on what retrying cannot fix (wrong password, unknown user, missing
 * permissions); an unreachable server is left to the reconnecting clients, so a
 * worker started before Redis waits for it. Returns the problem when Redis is unreachable.
 */
export async function checkCredentials(endpoint: RedisEndpoint): Promise<string | undefined> {
  const probe = createRedis(endpoint, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 3000,
  });
  // A refused AUTH surfaces as an 'error' event; the command itself only sees the closed connection.
  let refused = '';
  probe.on('error', (e: Error) => (refused ||= e.message));
  try {
    await probe.connect();
    await probe.ping();
    return undefined;
  } catch (e) {
    const message = refused || (e as Error).message;
    if (/WRONGPASS|NOAUTH|NOPERM|invalid username-password/i.test(message)) {
      throw new ConfigError(
        'REDIS_AUTH',
        `Redis at ${safeUrl(endpoint.redisUrl)} refused the credentials: ${message}`,
        { field: 'REDIS_URL' },
        'check the user and password in REDIS_URL',
      );
    }
    return message;
  } finally {
    probe.disconnect();
  }
}
