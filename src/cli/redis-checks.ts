import type { EventEmitter } from 'node:events';
import { ConfigError } from '../errors.js';
import { safeUrl } from '../queue/connection.js';
import { checkRedisAccess, fatalRedisError, type AccessTarget } from '../queue/redis-access.js';

/**
 * Before a command touches the queues: Redis answers, accepts the credentials,
 * lets the user at the prefix's keys and verifies over TLS — or the command
 * stops with one line saying which setting to fix.
 */
export async function requireRedis(target: AccessTarget): Promise<void> {
  const unreachable = await checkRedisAccess(target);
  if (unreachable) {
    throw new ConfigError(
      'REDIS_UNREACHABLE',
      `Redis at ${safeUrl(target.redisUrl)} does not answer: ${unreachable}`,
      { field: 'REDIS_URL' },
      'start Redis or point REDIS_URL at it',
    );
  }
}

/**
 * While the command runs: a refusal for good (password rotated, ACL changed)
 * on any of these clients or queues prints one line and exits 1, instead of
 * reconnecting and refusing again forever. Other errors are the clients' to retry.
 */
export function exitOnRefusal(target: AccessTarget, ...emitters: EventEmitter[]): void {
  let done = false;
  const onError = (e: unknown) => {
    const fatal = fatalRedisError(e, target);
    if (!fatal || done) return;
    done = true;
    process.stderr.write(`error: ${fatal.message}\n`);
    process.exit(1);
  };
  for (const emitter of emitters) emitter.on('error', onError);
}
