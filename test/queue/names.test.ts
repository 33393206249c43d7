import { describe, expect, it } from 'vitest';
import { hashTaggedPrefix, ownKey } from '../../src/queue/names.js';

describe('queue key prefix', () => {
  it('wraps the prefix in a cluster hash tag once', () => {
    expect(hashTaggedPrefix('targeting')).toBe('{targeting}');
    expect(hashTaggedPrefix('{eu-west}')).toBe('{eu-west}');
    expect(hashTaggedPrefix('app:{centre-1}')).toBe('app:{centre-1}');
  });

  it('puts our own keys in the same slot as the queues', () => {
    expect(ownKey('targeting', 'consignments', 'decided', '7')).toBe('{targeting}:consignments:decided:7');
  });
});
