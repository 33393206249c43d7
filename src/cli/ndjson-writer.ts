import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/** NDJSON to a file or stdout, honouring backpressure so large runs keep memory flat. */
export interface NdjsonWriter {
  write(obj: unknown): Promise<void> | void;
  close(): Promise<void>;
}

export function ndjsonWriter(file?: string): NdjsonWriter {
  const out: NodeJS.WritableStream | WriteStream = file ? createWriteStream(file) : process.stdout;
  let buffer = '';
  const flush = async () => {
    if (!buffer) return;
    const chunk = buffer;
    buffer = '';
    if (!out.write(chunk)) await once(out, 'drain');
  };
  return {
    write(obj) {
      buffer += JSON.stringify(obj) + '\n';
      // Batch small writes: one syscall per ~64 KB instead of one per decision.
      if (buffer.length > 65_536) return flush();
    },
    async close() {
      await flush();
      if (file) {
        (out as WriteStream).end();
        await once(out, 'finish');
      }
    },
  };
}
