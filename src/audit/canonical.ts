import { createHash } from 'node:crypto';

type Frame =
  | { kind: 'array'; items: unknown[]; next: number }
  | { kind: 'object'; source: Record<string, unknown>; keys: string[]; next: number; wrote: boolean };

/**
 * Canonical JSON: object keys sorted (by code unit) at every depth, no
 * whitespace, members whose value JSON cannot hold (`undefined`, functions)
 * left out, as JSON.stringify does. Two processes serialising equal values get
 * equal bytes, so a hash over them is reproducible by anyone who re-reads the
 * record. `omit` leaves out one top-level key (a record's own hash).
 *
 * Written with an explicit stack, in one pass: it runs for every audited
 * decision, and a consignment's extra attributes may nest deeper than the call
 * stack allows.
 */
export function canonicalJson(value: unknown, omit?: string): string {
  let out = '';
  const stack: Frame[] = [];
  const open = (v: unknown, omitKey?: string): void => {
    const json = leaf(v);
    if (json !== undefined) {
      out += json;
    } else if (Array.isArray(v)) {
      out += '[';
      stack.push({ kind: 'array', items: v, next: 0 });
    } else {
      out += '{';
      const source = v as Record<string, unknown>;
      stack.push({ kind: 'object', source, keys: Object.keys(source).filter((k) => k !== omitKey && !skipped(source[k])).sort(), next: 0, wrote: false });
    }
  };
  open(value, omit);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.kind === 'array') {
      if (frame.next === frame.items.length) {
        out += ']';
        stack.pop();
        continue;
      }
      if (frame.next > 0) out += ',';
      const item = frame.items[frame.next++];
      open(skipped(item) ? null : item);
    } else {
      if (frame.next === frame.keys.length) {
        out += '}';
        stack.pop();
        continue;
      }
      const key = frame.keys[frame.next++];
      out += `${frame.wrote ? ',' : ''}${JSON.stringify(key)}:`;
      frame.wrote = true;
      open(frame.source[key]);
    }
  }
  return out;
}

function skipped(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/** JSON text of a value with no members to sort (toJSON applied first, as JSON.stringify does); undefined for containers. */
function leaf(v: unknown): string | undefined {
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    return canonicalJson((v as { toJSON(): unknown }).toJSON());
  }
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  return undefined;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
