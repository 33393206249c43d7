import { describe, expect, it } from 'vitest';
import { writesAhead } from '../../src/console/writes-ahead.js';

function deferred() {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const settledWithin = async (p: Promise<void>, ms = 20) =>
  Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

describe('writesAhead', () => {
  it('lets writes run behind up to the limit, then waits for one to settle', async () => {
    const ahead = writesAhead(2, () => undefined);
    const [a, b, c] = [deferred(), deferred(), deferred()];
    expect(await settledWithin(ahead.add(a.promise))).toBe(true);
    expect(await settledWithin(ahead.add(b.promise))).toBe(true);
    // The same write again (callers of one coalesced batch) counts once.
    expect(await settledWithin(ahead.add(b.promise))).toBe(true);
    const third = ahead.add(c.promise);
    expect(await settledWithin(third)).toBe(false);
    a.resolve();
    expect(await settledWithin(third)).toBe(true);
  });

  it('reports a failed write, and flush waits for every pending one', async () => {
    const errors: unknown[] = [];
    const ahead = writesAhead(4, (e) => errors.push(e));
    const [a, b] = [deferred(), deferred()];
    await ahead.add(a.promise);
    await ahead.add(b.promise);
    const flushed = ahead.flush();
    a.reject(new Error('connection lost'));
    expect(await settledWithin(flushed)).toBe(false);
    b.resolve();
    expect(await settledWithin(flushed)).toBe(true);
    expect(errors.map((e) => (e as Error).message)).toEqual(['connection lost']);
  });
});
