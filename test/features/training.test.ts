import { describe, expect, it } from 'vitest';
import { generateDeclarations } from '../../src/dataset/generate.js';
import { toConsignment } from '../../src/declaration/validate.js';
import type { LabelledRow } from '../../src/features/history.js';
import { foldOf, trainingFeatures } from '../../src/features/training.js';
import { profileFactSpecs } from '../../src/features/fact-specs.js';

function history(n: number): LabelledRow[] {
  return [...generateDeclarations({ rows: n, seed: 11 })].map(({ illicit, revenue, ...fields }, i) => ({
    line: i + 2,
    consignment: toConsignment(fields),
    illicit,
    revenue,
  }));
}

const NAMES = profileFactSpecs().map((s) => s.name);
const factsOf = (f: ReturnType<typeof trainingFeatures>, rows: LabelledRow[], i: number) =>
  Object.fromEntries(NAMES.map((n) => [n, f.factsFor(i).fact(n, rows[i].consignment)]));

describe('trainingFeatures (no leakage)', () => {
  const rows = history(3000);
  const base = trainingFeatures(rows, { folds: 5 });

  it("a row's own outcome never changes its features", () => {
    for (const i of [0, 17, 1234, 2999]) {
      const flipped = rows.map((r, j) => (j === i ? { ...r, illicit: (1 - r.illicit!) as 0 | 1, revenue: 12345 } : r));
      expect(factsOf(trainingFeatures(flipped, { folds: 5 }), flipped, i)).toEqual(factsOf(base, rows, i));
    }
  });

  it("outcomes of other folds do feed a row's features", () => {
    const i = rows.findIndex(
      (r) =>
        r.consignment.importer === rows[0].consignment.importer &&
        foldOf(r.consignment.id, 5) !== foldOf(rows[0].consignment.id, 5),
    );
    const flipped = rows.map((r, j) => (j === i ? { ...r, illicit: (1 - r.illicit!) as 0 | 1 } : r));
    const after = trainingFeatures(flipped, { folds: 5 })
      .factsFor(0)
      .fact('importer.illicitCount', rows[0].consignment);
    expect(after).not.toBe(base.factsFor(0).fact('importer.illicitCount', rows[0].consignment));
  });

  it("counts a row's importer in the other folds only", () => {
    const c = rows[5].consignment;
    const others = rows.filter(
      (r) => r.consignment.importer === c.importer && foldOf(r.consignment.id, 5) !== foldOf(c.id, 5),
    );
    expect(base.factsFor(5).fact('importer.count', c)).toBe(others.length);
    expect(base.factsFor(5).fact('importer.illicitCount', c)).toBe(others.filter((r) => r.illicit === 1).length);
    expect(base.profile.fact('importer.count', c)).toBe(
      rows.filter((r) => r.consignment.importer === c.importer).length,
    );
  });

  it('splits rows into stable, roughly equal folds', () => {
    const sizes = [0, 0, 0, 0, 0];
    rows.forEach((r) => sizes[foldOf(r.consignment.id, 5)]++);
    for (const s of sizes) expect(s).toBeGreaterThan(450);
    expect(foldOf('C0000001', 5)).toBe(foldOf('C0000001', 5));
  });
});
