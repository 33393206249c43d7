import { describe, expect, it } from 'vitest';
import { errorForLog } from '../../src/log.js';
import { parseInfoMemory } from '../../src/queue/memory-guard.js';
import {
  isConnectionLost,
  isCredentialsRefused,
  isPermissionDenied,
  isTlsSetupError,
  isTransientRedisError,
} from '../../src/queue/redis-errors.js';
import { retryTransient } from '../../src/queue/transient-retry.js';

const reply = (message: string) => new Error(message);

describe('what a Redis error means', () => {
  it('tells transient faults from refusals for good', () => {
    for (const m of [
      "OOM command not allowed when used memory > 'maxmemory'.",
      'LOADING Redis is loading the dataset in memory',
      "READONLY You can't write against a read only replica.",
      'TRYAGAIN Multiple keys request during rehashing of slot',
      'CLUSTERDOWN The cluster is down',
      'Connection is closed.',
      'connection closed before the replies to a write under {t}:audit:lock: the job is retried',
      'connect ECONNREFUSED 127.0.0.1:6379',
    ])
      expect(isTransientRedisError(reply(m)), m).toBe(true);
    const aborted = Object.assign(reply('EXECABORT Transaction discarded because of previous errors.'), {
      previousErrors: [reply('OOM command not allowed')],
    });
    expect(isTransientRedisError(aborted)).toBe(true);
    for (const m of [
      'WRONGPASS invalid username-password pair',
      'NOPERM this user has no permissions',
      'ERR syntax error',
    ])
      expect(isTransientRedisError(reply(m)), m).toBe(false);
    // Of the transient ones, a lost connection is not the server refusing: the console index waits out only that.
    // ioredis' AbortError (a pipeline cut by a CLIENT KILL): a lost connection, yet not transient for commits.
    expect(isConnectionLost(reply('Command aborted due to connection close'))).toBe(true);
    expect(isTransientRedisError(reply('Command aborted due to connection close'))).toBe(false);
    expect(isConnectionLost(Object.assign(reply('read failed'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isConnectionLost(reply("OOM command not allowed when used memory > 'maxmemory'."))).toBe(false);
    expect(isCredentialsRefused(reply('WRONGPASS invalid username-password pair or user is disabled.'))).toBe(true);
    expect(isCredentialsRefused(reply('NOAUTH Authentication required.'))).toBe(true);
    expect(isPermissionDenied(reply('NOPERM No permissions to access a key'))).toBe(true);
    expect(
      isTlsSetupError(
        Object.assign(reply('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }),
      ),
    ).toBe(true);
    expect(
      isTlsSetupError(
        Object.assign(reply("Hostname/IP does not match certificate's altnames"), {
          code: 'ERR_TLS_CERT_ALTNAME_INVALID',
        }),
      ),
    ).toBe(true);
  });

  it('logs an error without the arguments of its command: no password, no payload', () => {
    // As ioredis builds them: a ReplyError carrying the command it answered.
    const err = Object.assign(new Error('WRONGPASS invalid username-password pair'), {
      name: 'ReplyError',
      command: { name: 'auth', args: ['targeting', 'pw-SECRET'] },
    });
    const multi = Object.assign(new Error('EXECABORT'), {
      code: 'EXECABORT',
      previousErrors: [
        Object.assign(new Error('OOM'), { command: { name: 'evalsha', args: ['{"importer":"IMP-SECRET"}'] } }),
      ],
      lastNodeError: err,
    });
    const logged = JSON.stringify([errorForLog(err), errorForLog(multi)]);
    expect(logged).not.toMatch(/SECRET/);
    expect(logged).toContain('"command":"auth"');
    expect(logged).toContain('"code":"EXECABORT"');
    expect(logged).toContain('WRONGPASS');
  });

  it('retries a transient error with backoff until it passes, and throws anything else at once', async () => {
    let calls = 0;
    const retries: number[] = [];
    const value = await retryTransient(
      async () => {
        if (++calls < 4) throw reply('LOADING Redis is loading the dataset in memory');
        return 'done';
      },
      { baseDelayMs: 1, onRetry: (_e, attempt) => retries.push(attempt) },
    );
    expect(value).toBe('done');
    expect(retries).toEqual([1, 2, 3]);
    await expect(retryTransient(async () => Promise.reject(reply('ERR wrong')), { baseDelayMs: 1 })).rejects.toThrow(
      'ERR wrong',
    );
    // `retryable` narrows what is waited out: an OOM is then thrown at once.
    const oom = () => Promise.reject(reply('OOM command not allowed'));
    await expect(retryTransient(oom, { baseDelayMs: 1, retryable: isConnectionLost })).rejects.toThrow(/^OOM/);
    // `attempts` bounds the tries: the last error is thrown.
    let tries = 0;
    const lost = () => (tries++, Promise.reject(reply('Connection is closed.')));
    await expect(retryTransient(lost, { baseDelayMs: 1, attempts: 3 })).rejects.toThrow('Connection is closed.');
    expect(tries).toBe(3);
  });

  it('reads used_memory and maxmemory from INFO memory', () => {
    expect(
      parseInfoMemory('# Memory\r\nused_memory:1048576\r\nused_memory_human:1.00M\r\nmaxmemory:52428800\r\n'),
    ).toEqual({
      usedBytes: 1_048_576,
      maxBytes: 52_428_800,
    });
  });
});
