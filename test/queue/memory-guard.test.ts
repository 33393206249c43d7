import { describe, expect, it } from 'vitest';
import { fullnessChange, type MemoryState } from '../../src/queue/memory-guard.js';

const MB = 1024 * 1024;
const at = (usedMb: number, maxMb = 50) => ({ usedBytes: usedMb * MB, maxBytes: maxMb * MB });

describe('when Redis counts as full', () => {
  it('is full from maxmemory on, and has room again only below the pause threshold', () => {
    let state: MemoryState = { paused: false };
    const seen: (boolean | undefined)[] = [];
    for (const used of [40, 49.9, 50, 50.1, 49, 46, 50.2, 44.9, 46]) {
      const next = fullnessChange(state, at(used), 0.9, 'now');
      if (next) state = next;
      seen.push(next?.full);
    }
    // Said once when it fills, not again while it hovers between 90 % and 100 %, once when it drops below 90 %.
    expect(seen).toEqual([undefined, undefined, true, undefined, undefined, undefined, undefined, false, undefined]);
    expect(state).toMatchObject({ full: false, paused: false, usedBytes: 44.9 * MB });
  });

  it('says what to do, and keeps whether the worker is paused', () => {
    const full = fullnessChange({ paused: true, reason: 'decisions wait' }, at(51), 0.9, 'now')!;
    expect(full).toMatchObject({ paused: true, full: true, since: 'now' });
    expect(full.reason).toMatch(
      /^Redis is at maxmemory \(used_memory 51\.0 MB of 50\.0 MB\).*none is lost.*raise maxmemory$/,
    );
  });

  it('has room again once maxmemory is lifted, and is never full without one', () => {
    const full = fullnessChange({ paused: false }, at(51), 0.9, 'now')!;
    expect(fullnessChange(full, at(51, 0), 0.9, 'later')).toMatchObject({
      full: false,
      reason: 'Redis has room again (used_memory 51.0 MB, no maxmemory)',
    });
    expect(fullnessChange({ paused: false }, at(500, 0), 0.9, 'now')).toBeUndefined();
  });
});
