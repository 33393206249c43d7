import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { allPrefixes, partitionOf, partitionPrefix } from '../../src/queue/partitions.js';

describe('partitions', () => {
  it('derives one hash-tagged prefix per partition, keeping an existing tag', () => {
    expect(allPrefixes('targeting', 3)).toEqual(['{targeting-0}', '{targeting-1}', '{targeting-2}']);
    expect(partitionPrefix('{eu-west}', 4)).toBe('{eu-west-4}');
    expect(partitionPrefix('app:{centre-1}', 0)).toBe('app:{centre-1-0}');
    expect(allPrefixes('targeting', 6, [0, 4])).toEqual(['{targeting-0}', '{targeting-4}']);
    expect(allPrefixes('targeting')).toEqual(['targeting']);
  });

  it('routes an id by the first four bytes of its SHA-256, as documented', () => {
    for (const id of ['C000001', 'DECL-2026-ÄÖ', '']) {
      const expected = createHash('sha256').update(Buffer.from(id, 'utf8')).digest().readUInt32BE(0) % 6;
      expect(partitionOf(id, 6)).toBe(expected);
    }
    expect(partitionOf('anything', 1)).toBe(0);
  });

  it('spreads ids evenly', () => {
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[partitionOf(`C${i}`, 6)]++;
    for (const n of counts) expect(Math.abs(n - 10_000)).toBeLessThan(500);
  });
});
