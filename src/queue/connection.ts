import { isIP } from 'node:net';
import type { ConnectionOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { ConfigError } from '../errors.js';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * ioredis options from a `redis://` or `rediss://` URL (user, password, db,
 * TLS). Workers need `maxRetriesPerRequest: null` so a blocking command survives
 * a Redis restart instead of failing after a few retries.
 */
export function redisOptions(url: string): RedisOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw badUrl(url, 'not a URL');
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw badUrl(url, `unsupported scheme "${u.protocol}"`);
  }
  const port = u.port ? Number(u.port) : 6379;
  const dbText = u.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0) throw badUrl(url, `"${dbText}" is not a database number`);
  const opts: RedisOptions = {
    host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port,
    db,
    maxRetriesPerRequest: null,
    // Reconnect quickly after a restart, never give up: the queue is the worker's whole job.
    retryStrategy: (times) => Math.min(50 * times, 2000),
  };
  if (u.username) opts.username = decodeURIComponent(u.username);
  if (u.password) opts.password = decodeURIComponent(u.password);
  // No SNI for an IP address (RFC 6066; Node warns on every connection): the certificate is checked against the IP.
  if (u.protocol === 'rediss:') opts.tls = isIP(opts.host!) ? {} : { servername: opts.host };
  return opts;
}

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

/** The URL without its password, for logs and messages. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

function badUrl(url: string, problem: string): ConfigError {
  return new ConfigError(
    'BAD_REDIS_URL',
    `REDIS_URL ${safeUrl(url)}: ${problem}`,
    { field: 'REDIS_URL' },
    'expected redis://[user:password@]host[:port][/db] or rediss://… for TLS',
  );
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
