/** Redis stream entry ids (`<ms>-<seq>`): ordering and successor, for ranges and MINID trims. */
export function parseEntryId(id: string): [bigint, bigint] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(id);
  if (!m) throw new Error(`not a stream entry id: ${id}`);
  return [BigInt(m[1]), BigInt(m[2] ?? 0)];
}

export function isEntryId(id: string): boolean {
  return /^\d+(?:-\d+)?$/.test(id);
}

export function compareEntryIds(a: string, b: string): number {
  const [am, as] = parseEntryId(a);
  const [bm, bs] = parseEntryId(b);
  if (am !== bm) return am < bm ? -1 : 1;
  return as === bs ? 0 : as < bs ? -1 : 1;
}

/** The smallest id greater than `id`: MINID with it removes `id` and everything before. */
export function nextEntryId(id: string): string {
  const [ms, seq] = parseEntryId(id);
  return `${ms}-${seq + 1n}`;
}

/**
 * The id an append takes after the stream's last entry, as XADD `*` would
 * choose it: the writer names it so the same MULTI can index it, and the
 * stream's order never depends on the writers' clocks agreeing.
 */
export function entryIdAfter(last: string | undefined, nowMs: number): string {
  if (last === undefined) return `${nowMs}-0`;
  const [ms, seq] = parseEntryId(last);
  return BigInt(nowMs) > ms ? `${nowMs}-0` : `${ms}-${seq + 1n}`;
}
