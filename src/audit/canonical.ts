import { createHash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted at every depth, no whitespace, members
 * whose value JSON cannot hold (`undefined`, functions) left out, as
 * JSON.stringify does. Two processes serialising equal values get equal bytes,
 * so a hash over them is reproducible by anyone who re-reads the record.
 * Written as one pass over the value: it runs for every decision the audit
 * trail records. `omit` leaves out one top-level key (a record's own hash).
 */
export function canonicalJson(value: unknown, omit?: string): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      const item: unknown = value[i];
      out += item === undefined || typeof item === 'function' || typeof item === 'symbol' ? 'null' : canonicalJson(item);
    }
    return `${out}]`;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return canonicalJson((value as { toJSON(): unknown }).toJSON());
  const keys = Object.keys(value).sort();
  let out = '{';
  for (const key of keys) {
    if (key === omit) continue;
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `${out}}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
