import { describe, expect, it } from 'vitest';
import { ProfileBuilder } from '../../src/features/build.js';
import { ProfileLookup } from '../../src/features/lookup.js';
import { LiveProfile, emptyFeedback, overlayCounts } from '../../src/features/overlay.js';
import { PROFILE_FORMAT, type Profile } from '../../src/features/profile.js';
import { shrink } from '../../src/features/shrinkage.js';
import { consignment, row } from './fixtures.js';

function profile(): Profile {
  const b = new ProfileBuilder();
  [1, 1, 1, 1, 0].forEach((y, i) => b.add(row({ id: `A${i}`, importer: 'A' }, y as 0 | 1)));
  [0, 0, 0, 0, 0].forEach((y, i) => b.add(row({ id: `B${i}`, importer: 'B' }, y as 0 | 1)));
  return { format: PROFILE_FORMAT, id: 'p', ...b.finish().body };
}

describe('overlayCounts', () => {
  it("adds feedback counts to the profile's, including keys it never saw, keeping the build's strengths", () => {
    const p = profile();
    const feedback = emptyFeedback();
    feedback.overall = { count: 3, illicit: 2, revenue: 300 };
    feedback.groups.importer = new Map([
      ['B', { count: 2, illicit: 2, revenue: 200 }],
      ['C', { count: 1, illicit: 0, revenue: 100 }],
    ]);
    const merged = overlayCounts(p, feedback);
    expect(merged.overall).toEqual({ count: 13, illicit: 6, revenue: p.overall.revenue + 300 });
    const t = merged.groups.importer;
    expect(t.keys).toEqual(['A', 'B', 'C']);
    expect(t.count).toEqual([5, 7, 1]);
    expect(t.illicit).toEqual([4, 2, 0]);
    expect(merged.strength).toBe(p.strength);
    expect(p.groups.importer.count).toEqual([5, 5]);

    const lookup = new ProfileLookup(p, merged);
    const rate = lookup.fact('importer.illicitRate', consignment({ importer: 'B' }));
    expect(rate).toBeCloseTo(shrink(2, 7, 6 / 13, p.strength.importer), 9);
  });

  it('LiveProfile swaps in the overlay and keeps the profile id', () => {
    const live = new LiveProfile(profile());
    const c = consignment({ importer: 'B' });
    expect(live.fact('importer.count', c)).toBe(5);
    const feedback = emptyFeedback();
    feedback.overall = { count: 1, illicit: 1, revenue: 0 };
    feedback.groups.importer = new Map([['B', { count: 1, illicit: 1, revenue: 0 }]]);
    live.apply(feedback);
    expect(live.fact('importer.count', c)).toBe(6);
    expect(live.fact('importer.illicitCount', c)).toBe(1);
    expect(live.id).toBe('p');
  });
});
