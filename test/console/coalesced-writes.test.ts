import { describe, expect, it } from 'vitest';
import { coalescedWrites } from '../../src/console/coalesced-writes.js';

describe('coalescedWrites', () => {
  it('writes the calls of one turn once, and later calls in a write of their own', async () => {
    const writes: number[][] = [];
    const write = coalescedWrites(async (items: number[]) => {
      writes.push([...items]);
    });
    const first = [write([1, 2]), write([3]), write([])];
    await Promise.all(first);
    await write([4]);
    expect(writes).toEqual([[1, 2, 3], [4]]);
  });

  it('lets a call made while a write is under way wait for the next one', async () => {
    const writes: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const write = coalescedWrites(async (items: number[]) => {
      writes.push([...items]);
      if (writes.length === 1) await gate;
    });
    const a = write([1]);
    await new Promise((r) => setImmediate(r));
    const b = write([2]);
    release();
    await Promise.all([a, b]);
    expect(writes).toEqual([[1], [2]]);
  });

  it('fails every caller whose items the failed write carried', async () => {
    const write = coalescedWrites(async () => {
      throw new Error('OOM command not allowed');
    });
    const results = await Promise.allSettled([write([1]), write([2])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
