import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Consignment } from '../../src/declaration/record.js';
import { binIndex } from '../../src/evaluate/binning.js';
import { calibrate, type TrainingTable } from '../../src/evaluate/calibrate.js';
import { scorecardRuleSet } from '../../src/evaluate/scorecard-rules.js';
import { buildCatalog } from '../../src/features/catalog.js';
import { createDecider } from '../../src/decision/decide.js';
import { loadRuleSet } from '../../src/ruleset/load.js';

/**
 * 6,000 declarations over 6 months. Illicit odds rise with a low value per kg,
 * with air freight and with a missing weight (so no value per kg at all).
 */
function declarations(): { consignment: Consignment; illicit: boolean }[] {
  let x = 7;
  const next = () => (x = (x * 48271) % 2147483647) / 2147483647;
  return Array.from({ length: 6000 }, (_, i) => {
    const mode = next() < 0.3 ? 'air' : next() < 0.5 ? 'sea' : 'road';
    const noWeight = next() < 0.05;
    const vpk = Math.exp(next() * 4);
    const c: Consignment = {
      id: `C${String(i).padStart(5, '0')}`,
      date: `2025-0${1 + Math.floor(i / 1000)}-15`,
      transportMode: mode,
      value: vpk * 100,
      ...(noWeight ? {} : { weight: 100 }),
      extra: {},
    };
    const logit = -3 + (vpk < 3 ? 1.5 : 0) + (mode === 'air' ? 1 : 0) + (noWeight ? 2 : 0);
    return { consignment: c, illicit: next() < 1 / (1 + Math.exp(-logit)) };
  });
}

const FACTS = ['valuePerKg', 'transportMode', 'transshipment'];

function table(rows: ReturnType<typeof declarations>): TrainingTable {
  const catalog = buildCatalog();
  return {
    ids: rows.map((r) => r.consignment.id),
    dates: rows.map((r) => r.consignment.date),
    labels: Uint8Array.from(rows.map((r) => (r.illicit ? 1 : 0))),
    columns: new Map(FACTS.map((f) => [f, rows.map((r) => catalog.get(f)!.compute({ consignment: r.consignment }))])),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'scorecard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('calibrate', () => {
  const rows = declarations();
  const card = calibrate(table(rows));
  // A bin not written (a fact's most common bin, which scores 0) counts 0.
  const points = (fact: string, label: (b: (typeof card.bins)[number]) => boolean) =>
    card.bins.find((b) => b.fact === fact && label(b))?.points ?? 0;

  it('gives the risky bins the points', () => {
    expect(points('transportMode', (b) => b.bin.kind === 'category' && b.bin.value === 'air')).toBeGreaterThan(
      points('transportMode', (b) => b.bin.kind === 'category' && b.bin.value === 'sea'),
    );
    const missing = points('valuePerKg', (b) => b.bin.kind === 'missing');
    const highest = points('valuePerKg', (b) => b.bin.kind === 'range' && b.bin.hi === undefined);
    expect(missing).toBeGreaterThan(highest);
    // A fact with one value only (never trans-shipped) carries nothing.
    expect(card.bins.some((b) => b.fact === 'transshipment')).toBe(false);
  });

  it('chooses the penalty on the last two months and is deterministic', () => {
    expect(card.validation.from).toBe('2025-05-15');
    expect(card.validation.rows).toBe(2000);
    expect(card.validation.tried.map((t) => t.penalty)).toContain(card.penalty);
    expect(calibrate(table(rows))).toEqual(card);
  });

  it('fits thresholds inside 0–100 that send about 5 % of train red', () => {
    expect(card.thresholds.red).toBeLessThanOrEqual(100);
    expect(card.thresholds.yellow).toBeGreaterThan(0);
    expect(card.thresholds.yellow).toBeLessThan(card.thresholds.red);
    const file = join(dir, 'scorecard.json');
    writeFileSync(file, JSON.stringify(scorecardRuleSet(card, { name: 'scorecard', trainedOn: 'test data' })));
    const decider = createDecider({ ruleset: loadRuleSet(file) });
    expect(decider.thresholds).toEqual(card.thresholds);
    const red = rows.filter((r) => decider.decide(r.consignment).channel === 'red').length / rows.length;
    expect(red).toBeGreaterThan(0.03);
    expect(red).toBeLessThan(0.12);
  });

  it('writes a rule set whose rules add up to the scorecard, missing values included', () => {
    const file = join(dir, 'scorecard2.json');
    const ruleset = scorecardRuleSet(card, {
      name: 'scorecard',
      trainedOn: 'test data',
      describe: (f) => buildCatalog().get(f)?.description,
    });
    writeFileSync(file, JSON.stringify(ruleset, null, 2));
    const decider = createDecider({ ruleset: loadRuleSet(file) });
    const noWeight = rows.find((r) => r.consignment.weight === undefined)!.consignment;
    const d = decider.decide(noWeight);
    // One hit for the whole scorecard, naming the missing value among its contributions.
    const statistic = d.hits.filter((h) => h.rule === 'scorecard');
    expect(statistic).toHaveLength(1);
    expect(statistic[0].contributions).toContainEqual({
      fact: 'valuePerKg',
      value: null,
      points: card.bins.find((b) => b.fact === 'valuePerKg' && b.bin.kind === 'missing')!.points,
    });
    const catalog = buildCatalog();
    const facts = [...new Set(card.bins.map((b) => b.fact))].map((fact) => ({
      fact,
      bins: card.bins.filter((b) => b.fact === fact),
    }));
    for (const { consignment } of rows) {
      const expected = facts.reduce((sum, f) => {
        const k = binIndex(
          { fact: f.fact, bins: f.bins.map((b) => b.bin) },
          catalog.get(f.fact)!.compute({ consignment }),
        );
        return sum + (k >= 0 ? f.bins[k].points : 0);
      }, card.base);
      const total = decider.decide(consignment).hits.reduce((sum, h) => sum + h.points, 0);
      expect(total).toBeCloseTo(expected, 6);
    }
    const missingRule = ruleset.rules.find((r) => r.name === 'scorecard: valuePerKg missing')!;
    expect(missingRule.reason).toBe('declared value per kg unknown');
    expect(missingRule.description).toMatch(
      /In training \d+\.\d % of \d+ such declarations were illicit, against \d+\.\d % overall/,
    );
  });

  it('writes a loadable "missing" rule for a boolean fact whose other bins were all dropped', () => {
    // Only the missing bin survives: nothing in the bins says the fact is a boolean, the catalog does.
    const only = {
      ...card,
      bins: [{ fact: 'transshipment', bin: { kind: 'missing' as const }, points: 7, rows: 9, illicitRate: 0.3 }],
    };
    const file = join(dir, 'scorecard-boolean.json');
    const catalog = buildCatalog();
    writeFileSync(
      file,
      JSON.stringify(
        scorecardRuleSet(only, { name: 'scorecard', trainedOn: 'test data', typeOf: (f) => catalog.get(f)?.type }),
      ),
    );
    const decider = createDecider({ ruleset: loadRuleSet(file) });
    const score = (c: Partial<Consignment>) =>
      decider.decide({ id: 'B1', extra: {}, ...c }).hits.reduce((sum, h) => sum + h.points, 0) - card.base;
    expect(score({})).toBeCloseTo(7, 6);
    expect(score({ origin: 'CN', departure: 'HK' })).toBeCloseTo(0, 6);
  });
});

describe('bins that do not separate', () => {
  const rows = declarations();
  const base = table(rows);
  // "lately" holds every row of the held-out months (the last two) and none before: it tracks the calendar.
  const month = (i: number) => Number(rows[i].consignment.date!.slice(5, 7));
  const columns = new Map(base.columns);
  columns.set(
    'lately',
    rows.map((_, i) => (month(i) >= 5 ? 'yes' : 'no')),
  );
  columns.set(
    'noise',
    rows.map((_, i) => (((i * 7919) % 13) % 2 === 0 ? 'a' : 'b')),
  );
  // Outcomes drift upward in the last months, so "lately" gets points a calendar would earn.
  const labels = Uint8Array.from(base.labels, (y, i) => (month(i) >= 5 && i % 9 === 0 ? 1 : y));
  const card = calibrate({ ...base, labels, columns });

  it('writes no bin that holds nearly every row of the held-out months', () => {
    expect(card.bins.some((b) => b.fact === 'lately')).toBe(false);
    expect(card.dropped.common).toBeGreaterThanOrEqual(1);
  });

  it('writes no bin under one point and keeps the separating ones', () => {
    expect(card.bins.every((b) => Math.abs(b.points) >= 1)).toBe(true);
    expect(
      card.bins.some((b) => b.fact === 'transportMode' && b.bin.kind === 'category' && b.bin.value === 'air'),
    ).toBe(true);
  });

  it('labels bins with readable cut points', () => {
    for (const b of card.bins.filter((x) => x.bin.kind === 'range')) {
      const bin = b.bin as { lo?: number; hi?: number };
      for (const cut of [bin.lo, bin.hi].filter((x) => x !== undefined))
        expect(String(cut)).toMatch(/^-?\d+(\.\d{1,2})?$/);
    }
  });
});

describe('calibrate without both outcomes', () => {
  it('says what is missing instead of fitting nothing', () => {
    const rows = declarations().map((r) => ({ ...r, illicit: false }));
    expect(() => calibrate(table(rows))).toThrow(/needs both outcomes/);
  });
});
