import { describe, expect, it } from 'vitest';
import {
  applyCapacity,
  capacityChannel,
  parseCapacity,
  selectTopPerDay,
  StreamingCapacity,
} from '../../src/decision/capacity.js';
import type { Decision } from '../../src/decision/decision.js';
import { ConfigError } from '../../src/errors.js';

describe('parseCapacity', () => {
  it('reads a percentage', () => {
    expect(parseCapacity('5%')).toBe(0.05);
    expect(parseCapacity('0.5%')).toBe(0.005);
    expect(parseCapacity('10')).toBe(0.1);
  });

  it('rejects what is not a share', () => {
    for (const bad of ['0%', '150%', 'five', '-2%', '']) expect(() => parseCapacity(bad)).toThrow(ConfigError);
  });
});

describe('selectTopPerDay', () => {
  it('takes the top share of each day separately, ties by id', () => {
    const items = [
      ...Array.from({ length: 20 }, (_, i) => ({ id: `a${String(i).padStart(2, '0')}`, score: i, date: '2026-01-01' })),
      { id: 'b1', score: 5, date: '2026-01-02' },
      { id: 'b0', score: 5, date: '2026-01-02' },
      { id: 'b2', score: 1, date: '2026-01-02' },
    ];
    // 10 % of 20 → 2 (a19, a18); 10 % of 3 → 1, the tie at 5 going to the smaller id.
    expect([...selectTopPerDay(items, 0.1)].sort()).toEqual(['a18', 'a19', 'b0']);
  });
});

describe('capacityChannel', () => {
  it('reds the selected, keeps other reasons for red, and demotes red by threshold alone', () => {
    expect(capacityChannel('green', true, false)).toBe('red');
    expect(capacityChannel('red', false, false)).toBe('yellow');
    expect(capacityChannel('red', false, true)).toBe('red');
    expect(capacityChannel('yellow', false, false)).toBe('yellow');
  });
});

describe('StreamingCapacity', () => {
  it('stays within the daily budget and picks high scores', () => {
    const s = new StreamingCapacity({ rate: 0.05, window: 500 });
    // A deterministic stream of scores in [0, 1000).
    let x = 12345;
    const picked: number[] = [];
    let total = 0;
    for (let day = 1; day <= 5; day++) {
      for (let i = 0; i < 400; i++) {
        x = (x * 1103515245 + 12345) % 2147483648;
        const score = x % 1000;
        total++;
        if (s.select(score, `2026-01-0${day}`)) picked.push(score);
      }
    }
    expect(picked.length).toBeLessThanOrEqual(Math.ceil(0.05 * 400) * 5);
    expect(picked.length).toBeGreaterThan(0.03 * total);
    expect(Math.min(...picked.slice(40))).toBeGreaterThanOrEqual(900);
  });

  it('starts each day with a fresh budget', () => {
    const s = new StreamingCapacity({ rate: 0.5, window: 10 });
    expect(s.select(10, 'd1')).toBe(true);
    expect(s.select(10, 'd1')).toBe(false);
    expect(s.select(10, 'd2')).toBe(true);
  });
});

describe('applyCapacity', () => {
  const thresholds = { red: 70, yellow: 40 };
  const decision = (
    id: string,
    score: number,
    channel: Decision['channel'],
    extra: Partial<Decision> = {},
  ): Decision => ({
    id,
    score,
    channel,
    hits: [],
    ruleset: 'r@1',
    decidedAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  });

  it('marks capacity picks, demotes threshold reds it did not pick, keeps random and forced reds', () => {
    const items = [
      { decision: decision('a', 90, 'red'), date: 'd1' },
      { decision: decision('b', 80, 'red'), date: 'd1' },
      { decision: decision('c', 10, 'red', { selection: 'random' }), date: 'd1' },
      { decision: decision('d', 20, 'red'), date: 'd1' },
      { decision: decision('e', 50, 'yellow'), date: 'd2' },
      ...Array.from({ length: 15 }, (_, i) => ({ decision: decision(`z${i}`, 0, 'green'), date: i < 6 ? 'd1' : 'd2' })),
    ];
    // 10 % of d1 (10 decisions) → 1; of d2 (10 decisions) → 1.
    const out = applyCapacity(items, 0.1, thresholds);
    const byId = new Map(out.map((d) => [d.id, d]));
    expect(byId.get('a')).toMatchObject({ channel: 'red', selection: 'capacity' });
    expect(byId.get('b')).toMatchObject({ channel: 'yellow' });
    expect(byId.get('b')!.selection).toBeUndefined();
    expect(byId.get('c')).toMatchObject({ channel: 'red', selection: 'random' });
    expect(byId.get('d')).toMatchObject({ channel: 'red' });
    expect(byId.get('e')).toMatchObject({ channel: 'red', selection: 'capacity' });
    expect(out.filter((d) => d.selection === 'capacity')).toHaveLength(2);
  });
});

describe('capacity and unscored declarations', () => {
  it('never spends capacity on a score of 0, offline or streaming', () => {
    const items = [
      { id: 'a', score: 0 },
      { id: 'b', score: 0 },
      { id: 'c', score: 12 },
    ];
    expect([...selectTopPerDay(items, 1)]).toEqual(['c']);
    const s = new StreamingCapacity({ rate: 0.5 });
    expect(s.select(0, 'd1')).toBe(false); // the first score of a window would otherwise be its own cut-off
    expect(s.select(30, 'd1')).toBe(true);
  });
});
