import { isIP } from 'node:net';
import type { RedisOptions } from 'ioredis';
import { ConfigError } from '../errors.js';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export interface HostPort {
  host: string;
  port: number;
}

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

/**
 * `redis-cluster://[user:password@]host:port,host:port` (`rediss-cluster://` for
 * TLS): the seed nodes, and the URL of the first one, which carries the credentials.
 */
export function parseClusterUrl(url: string): { nodes: HostPort[]; redisUrl: string } | undefined {
  const m = /^(rediss?)-cluster:\/\/(?:([^@/]*)@)?([^/?#]+)\/?$/.exec(url.trim());
  if (!m) return undefined;
  const nodes = parseHostPorts(m[3]);
  if (typeof nodes === 'string') throw badUrl(url, nodes);
  const first = nodes[0].host.includes(':') ? `[${nodes[0].host}]` : nodes[0].host;
  return { nodes, redisUrl: `${m[1]}://${m[2] ? `${m[2]}@` : ''}${first}:${nodes[0].port}` };
}

/** `host:port,host:port` (IPv6 in brackets) as addresses, or the problem with the first entry that is not one. */
export function parseHostPorts(text: string): HostPort[] | string {
  const out: HostPort[] = [];
  for (const entry of text.split(',')) {
    const m = /^\s*\[?([^\]\s]+?)\]?:(\d{1,5})\s*$/.exec(entry);
    if (!m || Number(m[2]) > 65_535) return `"${entry}" is not host:port`;
    out.push({ host: m[1], port: Number(m[2]) });
  }
  return out;
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

export function badUrl(url: string, problem: string): ConfigError {
  return new ConfigError(
    'BAD_REDIS_URL',
    `REDIS_URL ${safeUrl(url)}: ${problem}`,
    { field: 'REDIS_URL' },
    'expected redis://[user:password@]host[:port][/db], rediss://… for TLS, or redis-cluster://host:port,host:port',
  );
}
