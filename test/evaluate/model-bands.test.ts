import { describe, expect, it } from 'vitest';
import { Random } from '../../src/dataset/random.js';
import { sigmoid } from '../../src/evaluate/logistic.js';
import { bandPoints, bandsAt, fitModelBands, fitTwoInputs } from '../../src/evaluate/model-bands.js';

/** Rows whose outcome follows log-odds `−4 + perPoint · set + perRisk · risk`. */
function rows(n: number, perPoint: number, perRisk: number, setOf = (random: Random) => random.next() * 80) {
  const random = new Random(1);
  const set = new Float64Array(n);
  const risk = new Float64Array(n);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    set[i] = setOf(random);
    risk[i] = random.next() * 60 - 20;
    labels[i] = random.next() < sigmoid(-4 + perPoint * set[i] + perRisk * risk[i]) ? 1 : 0;
  }
  return { set, risk, labels };
}

describe('fitTwoInputs', () => {
  it('recovers the log-odds weights of both inputs', () => {
    const r = rows(40_000, 0.05, 0.1);
    const [intercept, a, b] = fitTwoInputs(r.set, r.risk, r.labels);
    expect(intercept).toBeCloseTo(-4, 0);
    expect(a).toBeGreaterThan(0.04);
    expect(a).toBeLessThan(0.06);
    expect(b).toBeGreaterThan(0.09);
    expect(b).toBeLessThan(0.11);
  });
});

describe('fitModelBands', () => {
  it("gives the model the points the fit says a risk point is worth in the set's points", () => {
    const r = rows(40_000, 0.05, 0.1);
    const fit = fitModelBands(r.set, r.risk, r.labels);
    // 0.1 log-odds per risk point at 0.05 per set point: two points per risk point.
    expect(fit.pointsPerRiskPoint).toBeGreaterThan(1.6);
    expect(fit.pointsPerRiskPoint).toBeLessThan(2.4);
    expect(fit.fittedPointsPerRiskPoint).toBeUndefined();
    expect(fit.bands[0].share).toBeCloseTo(0.2, 2);
    for (let k = 1; k < fit.bands.length; k++) {
      expect(fit.bands[k].from).toBeGreaterThan(fit.bands[k - 1].from);
      expect(fit.bands[k].share).toBeLessThan(fit.bands[k - 1].share);
    }
    // Cumulative: below the first edge nothing; at the top every band.
    expect(bandPoints(fit.bands, fit.bands[0].from - 0.01)).toBe(0);
    const all = fit.bands.reduce((s, b) => s + b.points, 0);
    expect(bandPoints(fit.bands, 1e9)).toBeCloseTo(all, 6);
    expect(fit.thresholds.shares.red).toBeCloseTo(0.05, 2);
    expect(fit.thresholds.shares.yellow).toBeCloseTo(0.1, 2);
  });

  it('scales the model down until red and yellow both fit the 0–100 score, when that selects as well', () => {
    // Every row has the same set points: the model alone orders them, at any scale.
    const r = rows(40_000, 0, 0.15, () => 0);
    const fit = fitModelBands(r.set, r.risk, r.labels);
    expect(fit.fittedPointsPerRiskPoint).toBeGreaterThan(fit.pointsPerRiskPoint);
    expect(fit.yellowShort).toBeUndefined();
    expect(fit.thresholds.red).toBeLessThanOrEqual(100);
    expect(fit.thresholds.yellow).toBeGreaterThanOrEqual(10);
    expect(fit.thresholds.shares.red).toBeCloseTo(0.05, 2);
    expect(fit.thresholds.shares.yellow).toBeCloseTo(0.1, 1);
    for (const b of fit.bands) expect(b.points).toBeLessThanOrEqual(100);
  });

  it('keeps the fitted scale, and a short yellow channel, when scaling down would select worse', () => {
    // Rules worth 100 points on half the rows, weak beside a sharp model: squeezed into 100 points, they would reorder the top.
    const r = rows(40_000, 0.005, 0.2, (random) => (random.next() < 0.5 ? 100 : 0));
    const fit = fitModelBands(r.set, r.risk, r.labels);
    expect(fit.yellowShort).toBe(true);
    expect(fit.fittedPointsPerRiskPoint).toBeUndefined();
    expect(fit.thresholds.shares.red).toBeCloseTo(0.05, 2);
    expect(fit.thresholds.shares.yellow).toBeLessThan(0.1);
  });

  it('merges edges that round alike: every band has its own edge, so its own rule name', () => {
    // A model whose top scores differ only past the third decimal, each band at its 100 points.
    const risk = Float64Array.from({ length: 10_000 }, (_, i) => (i < 9_000 ? i / 100 : 90.5 + i * 1e-8)).sort();
    const edges = bandsAt(risk, 1e6).map((b) => b.from);
    expect(new Set(edges).size).toBe(edges.length);
    expect(edges.filter((e) => e >= 90.5)).toHaveLength(1);
  });

  it('adds no bands when the model tells nothing', () => {
    const r = rows(20_000, 0.05, 0);
    const fit = fitModelBands(r.set, r.risk, r.labels);
    expect(fit.pointsPerRiskPoint).toBeLessThan(0.3);
    expect(fit.bands.reduce((s, b) => s + b.points, 0)).toBeLessThan(15);
  });
});
