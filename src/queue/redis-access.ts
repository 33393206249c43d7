import { ConfigError } from '../errors.js';
import { createRedis, PROBE_OPTIONS, safeUrl, type RedisEndpoint } from './connection.js';
import { ownKey } from './names.js';
import { isCredentialsRefused, isPermissionDenied, isTlsSetupError } from './redis-errors.js';

export interface AccessTarget extends RedisEndpoint {
  /** QUEUE_PREFIX: the keys the process needs. */
  prefix: string;
}

/**
 * The setting to fix when Redis refuses for good — credentials, ACL, TLS — as a
 * one-line ConfigError; undefined for any other error (transient ones are
 * retried, the rest reported where they happen). A process that keeps
 * reconnecting on these would only log the refusal again, thousands of times.
 */
export function fatalRedisError(e: unknown, target: AccessTarget): ConfigError | undefined {
  const message = (e as Error | null)?.message ?? String(e);
  const at = `Redis at ${safeUrl(target.redisUrl)}`;
  if (isCredentialsRefused(e)) {
    return new ConfigError(
      'REDIS_AUTH',
      `${at} refused the credentials: ${message}`,
      { field: 'REDIS_URL' },
      'check the user and password in REDIS_URL',
    );
  }
  if (isPermissionDenied(e)) {
    return new ConfigError(
      'REDIS_NOPERM',
      `${at}: the ACL user may not use the keys of QUEUE_PREFIX "${target.prefix}" (${ownKey(target.prefix, '*')}) or a command they need: ${message}`,
      { field: 'QUEUE_PREFIX' },
      `grant the user ~${ownKey(target.prefix, '*')} &* +@all -@dangerous +info (docs/protection.md), or set QUEUE_PREFIX to a prefix it may use`,
    );
  }
  if (isTlsSetupError(e)) {
    return new ConfigError(
      'REDIS_TLS',
      `${at}: the TLS connection does not verify: ${message}`,
      { field: 'REDIS_URL' },
      "the server's certificate must name the host of REDIS_URL and be signed by a CA Node trusts (NODE_EXTRA_CA_CERTS=ca.pem for a private CA)",
    );
  }
  return undefined;
}

/**
 * Fails fast on what retrying cannot fix: refused credentials, an ACL that
 * denies the prefix's keys (or INFO, which BullMQ reads), a TLS certificate
 * or host name that does not verify. An unreachable server is not refused:
 * returns what went wrong, and the caller decides whether to wait for it.
 */
export async function checkRedisAccess(target: AccessTarget): Promise<string | undefined> {
  const probe = createRedis(target, PROBE_OPTIONS);
  // A refused AUTH or handshake surfaces as an 'error' event; the command itself only sees the closed connection.
  let first: unknown;
  probe.on('error', (e: unknown) => (first ??= e));
  try {
    await probe.connect();
    await probe.info('server');
    const key = ownKey(target.prefix, 'access-probe');
    await probe.exists(key);
    // A write too: an ACL may grant reading alone (%R~). Refused for memory (OOM) is not refused for good.
    await probe.set(key, '1', 'PX', 1000).catch((e: unknown) => {
      if (isPermissionDenied(e)) throw e;
    });
    return undefined;
  } catch (e) {
    const fatal = fatalRedisError(first ?? e, target) ?? fatalRedisError(e, target);
    if (fatal) throw fatal;
    return ((first ?? e) as Error).message;
  } finally {
    probe.disconnect();
  }
}
