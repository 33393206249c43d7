/** First wait: longer than a person takes to retype, so a guessing script is held up at once. */
export const BASE_MS = 5000;
const MAX_MS = 60_000;
/** A name or address forgotten after this long without a failure. */
const FORGET_MS = 15 * 60_000;

interface Failures {
  count: number;
  last: number;
}

/**
 * Log-in throttling: past `free` failures for a key (a user name, a client
 * address), the next attempt is refused until a delay doubling from five seconds
 * (to a minute) has passed — refused before the password is hashed, so
 * guessing costs the guesser time and the server nothing. One process's
 * memory: a restart forgets it.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, Failures>();

  /** `free`: failures allowed before attempts must wait (2 for a name: the third wrong password slows it down). */
  constructor(
    private readonly free = 2,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds to wait before `keys` may try again (0: now). */
  waitMs(keys: string[]): number {
    let wait = 0;
    for (const k of keys) {
      const f = this.failures.get(k);
      if (!f) continue;
      if (this.now() - f.last > FORGET_MS) {
        this.failures.delete(k);
        continue;
      }
      if (f.count <= this.free) continue;
      const delay = Math.min(MAX_MS, BASE_MS * 2 ** (f.count - this.free - 1));
      wait = Math.max(wait, f.last + delay - this.now());
    }
    return Math.max(0, wait);
  }

  failed(keys: string[]): void {
    for (const k of keys) {
      const f = this.failures.get(k);
      this.failures.set(k, { count: (f?.count ?? 0) + 1, last: this.now() });
    }
    if (this.failures.size > 100_000) this.failures.clear(); // a flood of names must not grow memory without bound
  }

  succeeded(keys: string[]): void {
    for (const k of keys) this.failures.delete(k);
  }
}
