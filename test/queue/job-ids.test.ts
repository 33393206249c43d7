import { describe, expect, it } from 'vitest';
import { batchJobId, escapedJobId, singleJobId } from '../../src/queue/job-ids.js';

describe('job ids', () => {
  it('derive a single job id from the consignment id, without ":" (BullMQ forbids it)', () => {
    expect(singleJobId('C0001')).toBe('c-C0001');
    expect(singleJobId('FR:2026:17')).toBe('c-FR%3A2026%3A17');
    expect(singleJobId('a%3A')).not.toBe(singleJobId('a:'));
    // A lone surrogate would be sent to BullMQ's scripts and built into keys in two different encodings.
    expect(singleJobId('H\uD8001')).toBe('c-H%uD8001');
    expect(singleJobId('\uD83D\uDE00')).toBe('c-\uD83D\uDE00');
  });

  it('derive a batch id from its ordered consignment ids', () => {
    expect(batchJobId(['a', 'b'])).toBe(batchJobId(['a', 'b']));
    expect(batchJobId(['a', 'b'])).not.toBe(batchJobId(['b', 'a']));
    expect(batchJobId(['ab'])).not.toBe(batchJobId(['a', 'b']));
    expect(batchJobId(['a'])).toMatch(/^b-[\w-]{32}$/);
  });

  it('escape the bytes of a job id as Redis holds them into a string that tells ids apart', () => {
    // What BullMQ's scripts store for an id: msgpack writes a lone surrogate as three bytes of its own.
    const stored = (surrogate: number[]) => Buffer.from([...Buffer.from('c-H'), ...surrogate, ...Buffer.from('1')]);
    expect(escapedJobId(stored([0xed, 0xa0, 0x80]))).toBe(singleJobId('H\uD8001'));
    expect(escapedJobId(stored([0xed, 0xb0, 0x80]))).toBe('c-H%uDC001');
    expect(escapedJobId(Buffer.from('c-Séville-😀'))).toBe('c-Séville-😀');
    // "%" is escaped, so an id that spells an escape differs from the one it spells.
    expect(escapedJobId(Buffer.from('c-H%uD8001'))).toBe('c-H%25uD8001');
    // Bytes that are no UTF-8 at all: stray continuation, overlong, truncated sequence.
    expect(escapedJobId(Buffer.from([0x41, 0x80, 0xc0, 0x80, 0xe2, 0x82]))).toBe('A%80%C0%80%E2%82');
  });
});
