import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendLease } from '../../src/audit/append-lock.js';
import { auditKeys } from '../../src/audit/keys.js';
import { testRedis } from './redis.js';

let env: ReturnType<typeof testRedis>;
beforeEach(() => {
  env = testRedis();
});
afterEach(async () => env.cleanup());

describe('append lease (real Redis)', () => {
  it('lets one writer in at a time and hands the stored head to the one holding it', async () => {
    const keys = auditKeys(`${env.prefix}audit`);
    await env.redis.set(keys.head, '{"seq":3,"hash":"h"}');
    const [a, b] = [env.redis.duplicate(), env.redis.duplicate()];
    const [leaseA, leaseB] = [appendLease(a, keys), appendLease(b, keys)];
    expect(await leaseA.take()).toBe('{"seq":3,"hash":"h"}');
    let bIn = false;
    const bTaking = leaseB.take().then(() => (bIn = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(bIn).toBe(false);
    await leaseA.release();
    await bTaking;
    expect(bIn).toBe(true);
    await leaseB.release();
    expect(await env.redis.exists(keys.lock)).toBe(0);
    await Promise.all([a.quit(), b.quit()]);
  });

  it('fences a writer whose lease another took over: its transaction does not run', async () => {
    const keys = auditKeys(`${env.prefix}audit`);
    const conn = env.redis.duplicate();
    await appendLease(conn, keys).take();
    // The lease expired while the writer stalled, and another writer took it.
    await env.redis.set(keys.lock, 'another-writer', 'PX', 5000);
    expect(await conn.multi().set(keys.head, 'forked').del(keys.lock).exec()).toBeNull();
    expect(await env.redis.get(keys.head)).toBeNull();
    expect(await env.redis.get(keys.lock)).toBe('another-writer');
    await conn.quit();
  });
});
