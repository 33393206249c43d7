import { describe, expect, it } from 'vitest';
import { batchJobId, singleJobId } from '../../src/queue/job-ids.js';

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
});
