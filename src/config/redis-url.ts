import type { RedisOptions } from 'ioredis';
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
  if (u.protocol === 'rediss:') opts.tls = { servername: opts.host };
  return opts;
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
