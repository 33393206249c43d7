/**
 * What a Redis error means for the one who got it. Transient errors pass
 * (the server restarts, fills up, loads its data set, fails over): the work is
 * retried, never failed for good. Refused credentials, denied permissions and a
 * TLS setup that does not verify do not pass: the process says so once and exits.
 */

/** Reply prefixes of a server that cannot serve now but will. */
const TRANSIENT_REPLY = /^(OOM|LOADING|READONLY|TRYAGAIN|CLUSTERDOWN|MASTERDOWN|BUSY|NOREPLICAS)\b/;

/** Messages of a connection that went away or never came (ioredis, BullMQ, the writers' lease). */
const CONNECTION_LOST =
  /Connection is closed|connection closed before the replies|Stream isn't writeable|Reached the max retries per request|Command timed out|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|socket hang up|no turn to write within|expired before the write and another writer took it|lost the append lease/i;

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTCONN']);

interface RedisLikeError {
  message?: unknown;
  code?: unknown;
  /** ioredis: the errors of a MULTI's queued commands behind an EXECABORT. */
  previousErrors?: unknown;
}

function messageOf(e: unknown): string {
  const m = (e as RedisLikeError | null)?.message;
  return typeof m === 'string' ? m : '';
}

/** The error passes if retried later: connection lost, OOM, LOADING, READONLY, TRYAGAIN, CLUSTERDOWN, a lease lost in the crush… */
export function isTransientRedisError(e: unknown): boolean {
  if (e === null || typeof e !== 'object') return false;
  const message = messageOf(e);
  if (TRANSIENT_REPLY.test(message) || connectionGone(e)) return true;
  // A MULTI refused at EXEC because a queued command was (an OOM while queuing, typically).
  if (/^EXECABORT/.test(message)) {
    const previous = (e as RedisLikeError).previousErrors;
    return Array.isArray(previous) && previous.length > 0 && previous.every(isTransientRedisError);
  }
  return false;
}

/**
 * A write's connection went away under it (a blip, a killed client): worth one more try of an idempotent write.
 * ioredis' AbortError (a pipeline cut part-way) counts here, not among the commit path's transient errors. Counted
 * there, commits retried on it left jobs to the stalled-job check after a Redis restart in 3 of 6 runs of
 * redis-restart.test (61 s instead of 4–6 s; without it, 1 CI run of several did the same), and once a worker at
 * maxmemory stopped freeing memory. A WAIT it cuts is a commit not known to be replicated (commit.ts
 * waitForReplicas).
 */
export function isConnectionLost(e: unknown): boolean {
  if (e === null || typeof e !== 'object') return false;
  return connectionGone(e) || /Command aborted due to connection close/.test(messageOf(e));
}

function connectionGone(e: object): boolean {
  const code = (e as RedisLikeError).code;
  return CONNECTION_LOST.test(messageOf(e)) || (typeof code === 'string' && CONNECTION_CODES.has(code));
}

/** The server refused the user or password (a wrong REDIS_URL, a password rotated under a running process). */
export function isCredentialsRefused(e: unknown): boolean {
  return /^(WRONGPASS|NOAUTH)\b|invalid username-password/i.test(messageOf(e));
}

/** The ACL user may not run this command or touch these keys. */
export function isPermissionDenied(e: unknown): boolean {
  return /^NOPERM\b/.test(messageOf(e));
}

const TLS_CODES =
  /^(ERR_TLS_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT|CERT_|ERR_SSL_)/;

/** The TLS handshake failed on what the client holds (CA, host name, certificate): retrying cannot fix it. */
export function isTlsSetupError(e: unknown): boolean {
  const code = (e as RedisLikeError | null)?.code;
  if (typeof code === 'string' && TLS_CODES.test(code)) return true;
  return /self[- ]signed certificate|unable to verify the first certificate|Hostname\/IP does not match certificate|certificate has expired|wrong version number/i.test(
    messageOf(e),
  );
}
