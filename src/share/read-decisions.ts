import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { RecordError } from '../errors.js';
import { isObject } from '../is-object.js';
import { parseJson } from '../text-input.js';

/**
 * Decisions from an NDJSON file: one decision per line, or one decisions-queue
 * job per line (`{sources, decisions: [...]}`) as the decisions queue holds them.
 * A line that is neither stops the export with its line number.
 */
export async function* readDecisions(file: string): AsyncGenerator<Record<string, unknown>> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    const value = parseJson(
      text,
      (why) => new RecordError('BAD_JSON', `unparsable JSON (${why})`, { file, line }, 'one decision per line'),
    );
    const items = isObject(value) && Array.isArray(value.decisions) ? (value.decisions as unknown[]) : [value];
    for (const item of items) {
      if (!isObject(item) || typeof item.id !== 'string' || typeof item.channel !== 'string') {
        throw new RecordError('BAD_DECISION', 'not a decision (needs at least id and channel)', { file, line });
      }
      yield item;
    }
  }
}
