import { describe, expect, it } from 'vitest';
import { groupCommit } from '../../src/queue/group-commit.js';

describe('groupCommit', () => {
  it('writes the first request alone and groups those that arrive meanwhile', async () => {
    const groups: number[][] = [];
    const write = groupCommit<number, number>(async (reqs) => {
      groups.push(reqs);
      await new Promise((r) => setTimeout(r, 5));
      return reqs.map((n) => n * 10);
    }, 3);
    const results = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => write(n)));
    expect(results).toEqual([10, 20, 30, 40, 50, 60]);
    expect(groups).toEqual([[1], [2, 3, 4], [5, 6]]);
  });

  it('fails every request of a failed write, and keeps working', async () => {
    let fail = true;
    const write = groupCommit<number, number>(async (reqs) => {
      if (fail) throw new Error('redis down');
      return reqs;
    });
    await expect(write(1)).rejects.toThrow('redis down');
    fail = false;
    await expect(write(2)).resolves.toBe(2);
  });
});
