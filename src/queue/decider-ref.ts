import type { Decider } from '../decision/decision.js';

/**
 * The decider jobs use. A job reads `current` once when it starts, so a swap
 * (hot reload) takes effect between jobs and never mid-batch.
 */
export class DeciderRef {
  constructor(private decider: Decider) {}

  get current(): Decider {
    return this.decider;
  }

  swap(next: Decider): Decider {
    const previous = this.decider;
    this.decider = next;
    return previous;
  }
}
