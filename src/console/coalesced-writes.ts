/**
 * Writes of the calls made in one turn of the event loop, as one: the jobs of
 * a commit group finish together, and their index entries then share one
 * pipeline with the day's counters summed once, instead of a pipeline per job
 * (for single-consignment jobs that was most of the index's cost). Every
 * caller waits for the write that carries its items, and sees its failure.
 */
export function coalescedWrites<T>(write: (items: T[]) => Promise<void>): (items: readonly T[]) => Promise<void> {
  let open: { items: T[]; written: Promise<void> } | undefined;
  const next = () => {
    const items: T[] = [];
    const written = new Promise<void>((turn) => setImmediate(turn)).then(() => {
      // Closed before writing: whatever arrives while it writes goes in the next one.
      open = undefined;
      return write(items);
    });
    return { items, written };
  };
  return (items) => {
    const batch = (open ??= next());
    for (const item of items) batch.items.push(item);
    return batch.written;
  };
}
