import { hash } from 'node:crypto';

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
 * It runs for every audited decision and every rule-set and watchlist id. A
 * consignment's extra attributes may nest deeper than the call stack allows:
 * past MAX_RECURSION levels an explicit stack takes over.
 */
export function canonicalJson(value: unknown, omit?: string): string {
  // Objects built with their keys in order (consignments, audit records) are already canonical: one native call.
  if (omit === undefined && value !== null && typeof value === 'object' && inCanonicalOrder(value, 0))
    return JSON.stringify(value);
  // Validated records are shallow: the recursive form is several times faster; the stack form takes the rest.
  const fast = shallowCanonical(value, omit, 0);
  return fast ?? deepCanonical(value, omit);
}

/**
 * Would JSON.stringify write `v` canonically? Yes when every object's keys
 * enumerate in ascending code-unit order and nothing has its own JSON form
 * (toJSON, boxed primitives): JSON.stringify then writes members in exactly
 * the order canonicalJson sorts them into, and drops or nulls the same values.
 */
function inCanonicalOrder(v: unknown, depth: number): boolean {
  if (v === null || typeof v !== 'object') return true;
  if (depth > MAX_RECURSION || typeof (v as { toJSON?: unknown }).toJSON === 'function') return false;
  if (v instanceof String || v instanceof Number || v instanceof Boolean) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!inCanonicalOrder(v[i], depth + 1)) return false;
    return true;
  }
  let prev: string | undefined;
  for (const key in v) {
    if (prev !== undefined && !(key > prev)) return false;
    prev = key;
    if (!inCanonicalOrder((v as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

const MAX_RECURSION = 64;

/** Recursive canonical JSON, or undefined past MAX_RECURSION levels. */
function shallowCanonical(v: unknown, omit: string | undefined, depth: number): string | undefined {
  if (depth > MAX_RECURSION) return undefined;
  const json = leaf(v);
  if (json !== undefined) return json;
  let out: string;
  if (Array.isArray(v)) {
    out = '[';
    for (let i = 0; i < v.length; i++) {
      const item = shallowCanonical(skipped(v[i]) ? null : v[i], undefined, depth + 1);
      if (item === undefined) return undefined;
      out += (i > 0 ? ',' : '') + item;
    }
    return out + ']';
  }
  const source = v as Record<string, unknown>;
  const keys = Object.keys(source).sort();
  out = '{';
  let wrote = false;
  for (const key of keys) {
    if (key === omit || skipped(source[key])) continue;
    const item = shallowCanonical(source[key], undefined, depth + 1);
    if (item === undefined) return undefined;
    out += `${wrote ? ',' : ''}${keyJson(key)}:${item}`;
    wrote = true;
  }
  return out + '}';
}

function deepCanonical(value: unknown, omit?: string): string {
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
      stack.push({
        kind: 'object',
        source,
        keys: Object.keys(source)
          .filter((k) => k !== omitKey && !skipped(source[k]))
          .sort(),
        next: 0,
        wrote: false,
      });
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

// Records repeat the same keys: quote each once (bounded, so hostile key variety cannot grow it).
const QUOTED = new Map<string, string>();

function keyJson(key: string): string {
  let q = QUOTED.get(key);
  if (q === undefined) {
    q = JSON.stringify(key);
    if (QUOTED.size < 10_000) QUOTED.set(key, q);
  }
  return q;
}

function skipped(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/** JSON text of a value with no members to sort (toJSON applied first, as JSON.stringify does); undefined for containers. */
function leaf(v: unknown): string | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    return canonicalJson((v as { toJSON(): unknown }).toJSON());
  }
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  return undefined;
}

/** One-shot: the audit trail hashes twice per decision, and a Hash object per call costs more than the hashing. */
export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}
