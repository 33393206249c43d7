import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { connectionOptions, redisOptions, safeUrl } from '../../src/queue/connection.js';

describe('redisOptions', () => {
  it('reads host, port, db, ACL user and password', () => {
    expect(redisOptions('redis://scorer:s%40cret@redis.example:6380/2')).toMatchObject({
      host: 'redis.example',
      port: 6380,
      db: 2,
      username: 'scorer',
      password: 's@cret',
      maxRetriesPerRequest: null,
    });
    expect(redisOptions('redis://127.0.0.1:6379').tls).toBeUndefined();
  });

  it('turns on TLS for rediss://', () => {
    expect(redisOptions('rediss://:pw@cache.example').tls).toEqual({ servername: 'cache.example' });
    // No SNI for an IP address: Node warns on each connection, and checks the certificate against the IP.
    expect(redisOptions('rediss://127.0.0.1:6380').tls).toEqual({});
  });

  it('refuses a bad URL with a ConfigError that hides the password', () => {
    expect(() => redisOptions('http://x')).toThrow(ConfigError);
    expect(() => redisOptions('redis://u:hunter2@h/abc')).toThrow(/not a database number/);
    try {
      redisOptions('redis://u:hunter2@h/abc');
    } catch (e) {
      expect((e as Error).message).not.toContain('hunter2');
    }
    expect(safeUrl('redis://u:hunter2@h:1')).toBe('redis://u:***@h:1');
  });

  it('connects through Sentinel when sentinels are given', () => {
    const opts = connectionOptions({
      redisUrl: 'redis://:pw@ignored:1/3',
      sentinels: [{ host: 's1', port: 26379 }],
      sentinelName: 'targeting',
    });
    expect(opts).toMatchObject({ sentinels: [{ host: 's1', port: 26379 }], name: 'targeting', password: 'pw', db: 3 });
    expect(opts.host).toBeUndefined();
  });
});
