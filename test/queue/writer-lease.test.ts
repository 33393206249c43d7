import type { ChainableCommander } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { LeaseLost, writerLease } from '../../src/queue/writer-lease.js';
import { testQueues, type TestQueues } from '../integration/harness.js';

describe('writer lease (real Redis)', () => {
  let t: TestQueues;
  afterEach(async () => t.close());

  const keysOf = (prefix: string) => ({ lock: `{${prefix}}:lock`, head: `{${prefix}}:head` });

  /** A writer on a connection of its own that has taken the lease. */
  async function writerHolding(name: string) {
    t = testQueues(name);
    const keys = keysOf(t.prefix);
    const conn = t.redis.duplicate();
    const lease = writerLease(conn, keys);
    await lease.take();
    return { keys, conn, lease };
  }

  it('lets one writer in at a time, hands it the head and what it read under the lease', async () => {
    t = testQueues('lease');
    const keys = keysOf(t.prefix);
    await t.redis.set(keys.head, '{"seq":3,"hash":"h"}');
    await t.redis.set(`{${t.prefix}}:x`, 'read under the lease');
    const [a, b] = [t.redis.duplicate(), t.redis.duplicate()];
    const [leaseA, leaseB] = [writerLease(a, keys), writerLease(b, keys)];
    const reads = (p: ChainableCommander) => {
      const at = p.length;
      p.get(`{${t.prefix}}:x`);
      return (replies: [Error | null, unknown][]) => replies[at][1] as string;
    };
    expect(await leaseA.take(reads)).toEqual({ head: '{"seq":3,"hash":"h"}', read: 'read under the lease' });
    let bIn = false;
    const bTaking = leaseB.take().then(() => (bIn = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(bIn).toBe(false);
    await leaseA.release();
    await bTaking;
    expect(bIn).toBe(true);
    expect(
      await leaseB.write(
        () => b.multi(),
        (tx) => void tx.set(keys.head, 'written'),
      ),
    ).toBe(true);
    expect(await t.redis.get(keys.head)).toBe('written');
    expect(await t.redis.exists(keys.lock)).toBe(0);
    await Promise.all([a.quit(), b.quit()]);
  });

  it('a writer waiting for its turn reads once, under the lease, what the writer before it wrote', async () => {
    t = testQueues('lease-wait');
    const keys = keysOf(t.prefix);
    const x = `{${t.prefix}}:x`;
    const [a, b] = [t.redis.duplicate(), t.redis.duplicate()];
    const [leaseA, leaseB] = [writerLease(a, keys), writerLease(b, keys)];
    let queued = 0;
    const reads = (p: ChainableCommander) => {
      queued++;
      const at = p.length;
      p.get(x);
      return (replies: [Error | null, unknown][]) => replies[at][1] as string;
    };
    await leaseA.take();
    const bTaking = leaseB.take(reads);
    // B attempts every few milliseconds meanwhile.
    await new Promise((r) => setTimeout(r, 50));
    expect(
      await leaseA.write(
        () => a.multi(),
        (tx) => void tx.set(x, 'written by A'),
      ),
    ).toBe(true);
    expect((await bTaking).read).toBe('written by A');
    expect(queued).toBe(1);
    await leaseB.release();
    await Promise.all([a.quit(), b.quit()]);
  });

  it('fences a writer whose lease another took over: its MULTI does not run', async () => {
    const { keys, conn, lease } = await writerHolding('lease-fence');
    // The lease expired while the writer stalled, and another writer took it.
    await t.redis.set(keys.lock, 'another-writer', 'PX', 5000);
    expect(
      await lease.write(
        () => conn.multi(),
        (tx) => void tx.set(keys.head, 'forked'),
      ),
    ).toBe(false);
    expect(await t.redis.get(keys.head)).toBeNull();
    expect(await t.redis.get(keys.lock)).toBe('another-writer');
    expect(new LeaseLost(keys.lock).message).toContain(keys.lock);
    await conn.quit();
  });

  it('does not commit on a connection that reconnected since the lease was taken (the WATCH died with it)', async () => {
    const { keys, conn, lease } = await writerHolding('lease-reconnect');
    const ready = new Promise((r) => conn.once('ready', r));
    conn.disconnect(true);
    await ready;
    expect(
      await lease.write(
        () => conn.multi(),
        (tx) => void tx.set(keys.head, 'unfenced'),
      ),
    ).toBe(false);
    expect(await t.redis.get(keys.head)).toBeNull();
    await lease.take();
    expect(
      await lease.write(
        () => conn.multi(),
        (tx) => void tx.set(keys.head, 'fenced'),
      ),
    ).toBe(true);
    expect(await t.redis.get(keys.head)).toBe('fenced');
    await conn.quit();
  });

  it('gives the lease back when building the write fails, and throws what a command of the MULTI failed with', async () => {
    const { keys, conn, lease } = await writerHolding('lease-errors');
    const failing = () => {
      throw new Error('build failed');
    };
    await expect(lease.write(() => conn.multi(), failing)).rejects.toThrow('build failed');
    expect(await t.redis.exists(keys.lock)).toBe(0);
    await lease.take();
    await t.redis.set(keys.head, 'not a list');
    await expect(
      lease.write(
        () => conn.multi(),
        (tx) => void tx.lpush(keys.head, 'x'),
      ),
    ).rejects.toThrow(/WRONGTYPE/);
    await conn.quit();
  });
});
