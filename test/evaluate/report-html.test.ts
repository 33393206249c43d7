import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../chromium.js';
import type { ScoredRow } from '../../src/evaluate/metrics.js';
import { reportHtml } from '../../src/evaluate/report-html.js';
import { methodResult, type EvaluationResult } from '../../src/evaluate/result.js';

/** 200 declarations, every tenth illicit; `skill` moves illicit ones up the ranking. */
function scores(skill: number): ScoredRow[] {
  return Array.from({ length: 200 }, (_, i) => {
    const illicit = i % 10 === 0;
    return { id: `c${i}`, score: ((i * 37) % 100) + (illicit ? skill : 0), illicit, revenue: illicit ? 100 + i : 0 };
  });
}

function result(): EvaluationResult {
  const rules = methodResult('rules', scores(40), true);
  return {
    rows: 200,
    illicitRate: 0.1,
    hasRevenue: true,
    primary: rules,
    variants: [],
    channels: { red: 12, yellow: 25, green: 163 },
    baselines: {
      price: methodResult('price baseline', scores(0), true),
      importer: methodResult('importer baseline', scores(10), true),
    },
    rules: [{ rule: 'under <valued>', hits: 30, hitRate: 0.15, precision: 0.4 }],
    ruleset: 'demo@abc',
  };
}

const dir = mkdtempSync(join(tmpdir(), 'report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reportHtml', () => {
  it("is one file with nothing to fetch, and escapes analysts' text", () => {
    const html = reportHtml(result());
    expect(html).not.toMatch(/<script|<link|\ssrc=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html).toContain('under &lt;valued&gt;');
    // Precision, recall, revenue curves and the score histogram.
    expect(html.match(/<svg /g)).toHaveLength(4);
  });

  it('shows the channel shares and each variant beside the combined set', () => {
    const r = result();
    const combined = methodResult('rules + scorecard', scores(60), true);
    const html = reportHtml({
      ...r,
      primary: combined,
      variants: [
        { key: 'rules', ...r.primary },
        { key: 'scorecard', ...methodResult('scorecard', scores(30), true) },
        { key: 'model', ...methodResult('model (trees)', scores(50), true) },
      ],
    });
    expect(html).toMatch(/<td>red<\/td><td>12<\/td><td>6(\.0)? %<\/td>/);
    expect(html).toMatch(/<td>green<\/td><td>163<\/td><td>81\.5 %<\/td>/);
    // Each curve chart has a line per variant, the combined set and the two baselines.
    for (const label of ['rules', 'scorecard', 'model (trees)', 'rules + scorecard', 'price baseline'])
      expect(html.split(`>${label}<`).length - 1).toBeGreaterThanOrEqual(4);
  });

  it('renders in headless Chromium with every chart drawn', async () => {
    const file = join(dir, 'report.html');
    writeFileSync(file, reportHtml(result()));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
      const requests: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) requests.push(r.url());
      });
      await page.goto(`file://${file}`);
      const charts = await page.locator('svg').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
      expect(charts).toHaveLength(4);
      for (const w of charts) expect(w).toBeGreaterThan(300);
      expect(await page.locator('svg path').count()).toBe(9);
      // Three methods and the baselines' summary rows are 3, the rule table 1, the channel table 3.
      expect(await page.locator('tbody tr').count()).toBe(7);
      expect(requests).toEqual([]);
      if (process.env.REPORT_SCREENSHOT) await page.screenshot({ path: process.env.REPORT_SCREENSHOT, fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
