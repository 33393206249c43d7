import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { jsonTooDeep, KEPT_PAYLOAD_BYTES, truncatedPayload, valueTooDeep } from '../../src/queue/payload-bounds.js';

describe('payload bounds', () => {
  it('measures the nesting of JSON text without parsing it, ignoring brackets inside strings', () => {
    expect(jsonTooDeep('[[[]]]', 3)).toBe(false);
    expect(jsonTooDeep('[[[[]]]]', 3)).toBe(true);
    expect(jsonTooDeep('{"a":{"b":"[[[[[[\\"{{{{"}}', 3)).toBe(false);
    expect(jsonTooDeep('[{"id":"C1"},{"id":"C2","x":[1,[2]]}]')).toBe(false);
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    expect(jsonTooDeep(deep)).toBe(true);
    expect(valueTooDeep(JSON.parse(deep))).toBe(true);
    expect(valueTooDeep([{ id: 'C1', x: [[1]] }])).toBe(false);
  });

  it('keeps the first 64 KiB of a refused payload, whole characters only, and the sha256 of all of it', () => {
    const text = JSON.stringify({ id: 'big', notes: 'é'.repeat(100_000) });
    const kept = truncatedPayload(text);
    expect(kept.bytes).toBe(Buffer.byteLength(text));
    expect(kept.sha256).toBe(createHash('sha256').update(text).digest('hex'));
    expect(Buffer.byteLength(kept.head)).toBeLessThanOrEqual(KEPT_PAYLOAD_BYTES);
    expect(Buffer.byteLength(kept.head)).toBeGreaterThan(KEPT_PAYLOAD_BYTES - 4);
    expect(text.startsWith(kept.head)).toBe(true);
  });
});
