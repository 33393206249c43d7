import type { Command } from 'commander';
import { readResults } from '../../queue/results.js';
import { registerQueueReader } from '../queue-reader.js';

/** `targeting results`: decisions from the queue as NDJSON, one per line. */
export function register(program: Command): void {
  registerQueueReader(program, {
    name: 'results',
    description: 'read decisions from the decisions queue as NDJSON (consumes them: each decision is read once)',
    noun: 'decisions',
    queue: (config) => config.queues.decisions,
    read: readResults,
  });
}
