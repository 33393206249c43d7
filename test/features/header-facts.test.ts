import { describe, expect, it } from 'vitest';
import { generateDeclarations } from '../../src/dataset/generate.js';
import { toDeclaration } from '../../src/declaration/declaration.js';
import { HEADER_FIELDS } from '../../src/declaration/record.js';
import { toConsignment } from '../../src/declaration/validate.js';
import { ProfileBuilder } from '../../src/features/build.js';
import { BUILT_IN_FACTS } from '../../src/features/catalog.js';
import type { FactContext } from '../../src/features/fact.js';
import { ProfileLookup } from '../../src/features/lookup.js';
import { PROFILE_FORMAT } from '../../src/features/profile.js';
import { indexWatchlists } from '../../src/watchlist/index-lookup.js';
import { loadWatchlists } from '../../src/watchlist/load.js';

/*
 * The compiled engine computes a fact tagged `header` once per declaration and
 * reuses it for every goods item (ruleset/compile.ts). That is right only if
 * the fact reads nothing an item can change: here every such built-in fact
 * gives the same value on two items of one declaration whose goods fields all
 * differ, with a profile and watchlists loaded so the look-ups answer.
 */
const rows = [...generateDeclarations({ rows: 3000, seed: 5 })];
const builder = new ProfileBuilder();
rows.forEach((row, i) =>
  builder.add({ line: i + 1, consignment: toConsignment(row), illicit: row.illicit, revenue: row.revenue }),
);
const profile = new ProfileLookup({ format: PROFILE_FORMAT, id: 'p', ...builder.finish().body });
const watchlists = indexWatchlists(loadWatchlists('rules/watchlists', { today: '2025-06-01' }));

const HEADER = new Set<string>(HEADER_FIELDS);
const goodsOf = (row: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(row).filter(([k]) => !HEADER.has(k) && k !== 'illicit' && k !== 'revenue'));
const headerOf = (row: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(row).filter(([k]) => HEADER.has(k)));

describe('header facts', () => {
  const header = BUILT_IN_FACTS.filter((f) => f.header);

  it('include the trader and office look-ups, not the goods ones', () => {
    const names = header.map((f) => f.name);
    expect(names).toEqual(
      expect.arrayContaining(['importer', 'importer.riskPoints', 'declarantImporter.riskPoints', 'isNewExporter']),
    );
    expect(names).toEqual(expect.arrayContaining(['watchlist.importer', 'declaration.totalValue']));
    for (const itemFact of ['hsCode', 'origin', 'hs6.valuePerKgZ', 'importerHs4.riskPoints', 'watchlist.route'])
      expect(names).not.toContain(itemFact);
  });

  it('are the same for every goods item of a declaration', () => {
    let answered = 0;
    for (let k = 0; k + 1 < 400; k += 2) {
      const [a, b] = [rows[k], rows[k + 1]] as unknown as Record<string, unknown>[];
      const d = toDeclaration({ ...headerOf(a), items: [goodsOf(a), goodsOf(b)] });
      const ctx = (i: number): FactContext => ({ consignment: d.items[i], profile, watchlists });
      for (const f of header) {
        const [first, second] = [f.compute(ctx(0)), f.compute(ctx(1))];
        expect(second, `${f.name} on declaration ${d.id}`).toEqual(first);
        if (first !== undefined && first !== null) answered++;
      }
    }
    // The look-ups did answer: the equality is not one of missing values.
    expect(answered).toBeGreaterThan(200 * header.length * 0.5);
  });
});
