import type { Command } from 'commander';
import { readRejected } from '../../queue/results.js';
import { registerQueueReader } from '../queue-reader.js';

/** `targeting rejected`: refused input from the rejected queue as NDJSON, one rejection per line. */
export function register(program: Command): void {
  registerQueueReader(program, {
    name: 'rejected',
    description:
      'read refused input from the rejected queue as NDJSON: code, reason, source and the payload as sent (consumes them)',
    noun: 'rejections',
    queue: (config) => config.queues.rejected,
    read: readRejected,
  });
}
