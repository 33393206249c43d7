/**
 * Writes a caller lets run behind it, at most `limit` at once: `add` returns at
 * once while no more are pending, else when one of them has settled, so a slow
 * Redis still slows the caller down instead of piling writes up in memory. A
 * failure goes to `onError`, since nobody awaits the write itself. `flush`
 * waits for every pending write (before their connection is closed).
 */
export function writesAhead(limit: number, onError: (err: unknown) => void) {
  // Keyed by the write: coalesced writes hand the same promise to every caller of one batch.
  const pending = new Map<Promise<void>, Promise<void>>();
  return {
    add(write: Promise<void>): Promise<void> {
      if (!pending.has(write))
        pending.set(
          write,
          write.then(
            () => void pending.delete(write),
            (err: unknown) => {
              pending.delete(write);
              onError(err);
            },
          ),
        );
      return pending.size <= limit ? Promise.resolve() : Promise.race(pending.values());
    },
    async flush(): Promise<void> {
      await Promise.all(pending.values());
    },
  };
}
