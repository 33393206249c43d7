import type { AtRate, RankingTotals, ScoredRow } from './metrics.js';
import { REPORTED_RATES } from './metrics.js';
import { declarationMethods } from './declaration-level.js';
import { sideBySide, type EvaluationResult, type MethodResult } from './result.js';
import { escapeHtml, histogram, lineChart, percent, type Series } from './svg-chart.js';

/**
 * The evaluation as one self-contained HTML file (inline CSS and SVG, no
 * script, no link): the channel shares, curves against the inspection rate
 * for each variant (rules, scorecard, model), the combined set and both
 * baselines, the score distribution by outcome, the per-rule table.
 */

const COLORS = ['#1b6ac9', '#d9480f', '#2b8a3e', '#7048e8', '#868e96', '#c2255c'];
const CURVE_MAX_RATE = 30;
const HISTOGRAM_BINS = 20;

export function reportHtml(r: EvaluationResult, generatedAt = new Date()): string {
  const methods = curveMethods(r);
  const perDeclaration = declarationMethods(r);
  const curves = [
    curve('Precision', 'share of inspected found illicit', methods, (t, p) => t.at(p).precision),
    curve('Recall', 'share of all illicit caught', methods, (t, p) => t.at(p).recall),
    ...(r.hasRevenue ? [curve('Revenue', 'share of revenue recovered', methods, (t, p) => t.at(p).revenue ?? 0)] : []),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Targeting evaluation — ${escapeHtml(r.ruleset)}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1320px;color:#222;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.meta{color:#555}.charts{display:flex;flex-wrap:wrap;gap:12px}
svg{background:#fff;border:1px solid #ddd;border-radius:4px;font-size:11px}svg .title{font-weight:600;font-size:13px}
table{border-collapse:collapse;margin-top:6px}th,td{padding:4px 10px;border-bottom:1px solid #e5e5e5;text-align:right}
th:first-child,td:first-child{text-align:left;white-space:nowrap}thead th{background:#f4f5f7}th.group{text-align:center;border-left:2px solid #fff}
.bar{display:inline-block;height:9px;background:#1b6ac9;vertical-align:middle;margin-left:6px}
</style></head><body>
<h1>Targeting evaluation</h1>
<p class="meta">Rule set <b>${escapeHtml(r.ruleset)}</b> · ${r.rows.toLocaleString('en')} test declarations · illicit rate ${percent(r.illicitRate, 2)}${r.scorecardFile ? ` · scorecard <b>${escapeHtml(r.scorecardFile)}</b>` : ''} · generated ${generatedAt.toISOString()}</p>
<h2>At inspection rate n %${perDeclaration ? ', per item' : ''}</h2>
${summaryTable(methods, r.hasRevenue)}
${perDeclaration ? `<h2>At inspection rate n %, per declaration</h2>\n<p class="meta">${perDeclaration.declarations.toLocaleString('en')} declarations, each inspected whole: ranked by its highest item score, illicit when any item is.</p>\n${summaryTable(perDeclaration.methods, r.hasRevenue)}` : ''}
<h2>Channels on test (${escapeHtml(r.primary.label)})</h2>
${channelShares(r)}
<h2>Against the inspection rate</h2>
<div class="charts">${curves.join('\n')}</div>
<h2>Score distribution by outcome (${escapeHtml(r.primary.label)})</h2>
<div class="charts">${scoreHistogram(r.primary.scores)}</div>
${r.modelFeatures?.length ? `<h2>Risk model: top features</h2>\n${featureTable(r.modelFeatures)}` : ''}
<h2>Rules (criterion performance)</h2>
${ruleTable(r)}
</body></html>
`;
}

/** The model's features by mean |contribution|, with a bar against the largest. */
function featureTable(features: NonNullable<EvaluationResult['modelFeatures']>): string {
  const top = features[0].meanAbsPoints || 1;
  const rows = features
    .map(
      (f) =>
        `<tr><td>${escapeHtml(f.feature)}</td><td>${f.meanAbsPoints.toFixed(2)}<span class="bar" style="width:${Math.round((f.meanAbsPoints / top) * 160)}px"></span></td></tr>`,
    )
    .join('');
  return `<p class="meta">Mean absolute contribution (TreeSHAP, risk points) over a sample of the test declarations, each counting its top drivers.</p><table><thead><tr><th>feature</th><th>mean |contribution|</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function curveMethods(r: EvaluationResult): MethodResult[] {
  return [...sideBySide(r), r.baselines.price, r.baselines.importer];
}

/** Where the combined set sends the test declarations: the share of each channel, as a stacked bar. */
function channelShares(r: EvaluationResult): string {
  const { red, yellow, green } = r.channels;
  const n = red + yellow + green;
  const parts = [
    { name: 'red', count: red, color: '#e03131' },
    { name: 'yellow', count: yellow, color: '#f2c200' },
    { name: 'green', count: green, color: '#2f9e44' },
  ];
  const bar = parts
    .map(
      (p) =>
        `<span style="display:inline-block;height:16px;width:${n ? (p.count / n) * 600 : 0}px;background:${p.color}"></span>`,
    )
    .join('');
  const rows = parts
    .map(
      (p) =>
        `<tr><td>${p.name}</td><td>${p.count.toLocaleString('en')}</td><td>${percent(n ? p.count / n : 0, 1)}</td></tr>`,
    )
    .join('');
  return `<div class="channels">${bar}</div><table><thead><tr><th>channel</th><th>declarations</th><th>share</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function curve(
  title: string,
  yLabel: string,
  methods: readonly MethodResult[],
  read: (t: RankingTotals, p: number) => number,
): string {
  const rates = Array.from({ length: CURVE_MAX_RATE * 2 + 1 }, (_, i) => i / 2).filter((p) => p > 0);
  const series: Series[] = methods.map((m, i) => ({
    label: m.label,
    color: COLORS[i % COLORS.length],
    dashed: m.label.endsWith('baseline'),
    points: rates.map((p) => ({ x: p, y: read(m.measures.totals, p) })),
  }));
  return lineChart(
    {
      title,
      xLabel: 'inspection rate (% of declarations)',
      yLabel,
      xMax: CURVE_MAX_RATE,
      yMax: 1,
      xTick: (v) => `${v}`,
      yTick: (v) => percent(v),
    },
    series,
  );
}

function summaryTable(methods: readonly MethodResult[], hasRevenue: boolean): string {
  const measures: { title: string; read: (a: AtRate) => string }[] = [
    { title: 'precision', read: (a) => percent(a.precision, 1) },
    { title: 'recall', read: (a) => percent(a.recall, 1) },
    ...(hasRevenue
      ? [{ title: 'revenue', read: (a: AtRate) => (a.revenue === null ? '–' : percent(a.revenue, 1)) }]
      : []),
  ];
  const groups = measures
    .map((m) => `<th colspan="${REPORTED_RATES.length}" class="group">${m.title} at</th>`)
    .join('');
  const rates = measures.map(() => REPORTED_RATES.map((p) => `<th>${p} %</th>`).join('')).join('');
  const rows = methods.map((m) => {
    const cells = measures.map((x) =>
      REPORTED_RATES.map((p) => `<td>${x.read(m.measures.at[String(p)])}</td>`).join(''),
    );
    return `<tr><td>${escapeHtml(m.label)}</td>${cells.join('')}<td>${m.measures.auc === null ? '–' : m.measures.auc.toFixed(3)}</td></tr>`;
  });
  return `<table><thead><tr><th rowspan="2">method</th>${groups}<th rowspan="2">AUC</th></tr><tr>${rates}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function scoreHistogram(scores: readonly ScoredRow[]): string {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of scores) {
    lo = Math.min(lo, s.score);
    hi = Math.max(hi, s.score);
  }
  if (!(hi > lo)) hi = lo + 1;
  const width = (hi - lo) / HISTOGRAM_BINS;
  const edges = Array.from({ length: HISTOGRAM_BINS + 1 }, (_, i) => lo + i * width);
  const shares = (illicit: boolean) => {
    const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
    let n = 0;
    for (const s of scores) {
      if (s.illicit !== illicit) continue;
      counts[Math.min(HISTOGRAM_BINS - 1, Math.floor((s.score - lo) / width))]++;
      n++;
    }
    return counts.map((c) => (n ? c / n : 0));
  };
  const series = [
    { label: 'illicit', color: '#d9480f', shares: shares(true) },
    { label: 'compliant', color: '#1b6ac9', shares: shares(false) },
  ];
  const yMax = Math.min(1, Math.ceil(Math.max(...series.flatMap((s) => s.shares), 0.01) * 1.1 * 20) / 20);
  return histogram(
    {
      title: 'Score by outcome (share within each outcome)',
      xLabel: 'score',
      yLabel: 'share of declarations',
      xMax: HISTOGRAM_BINS,
      yMax,
      yTick: (v) => percent(v),
    },
    edges,
    series,
  );
}

function ruleTable(r: EvaluationResult): string {
  const rows = r.rules.map(
    (p) =>
      `<tr><td>${escapeHtml(p.rule)}</td><td>${p.hits.toLocaleString('en')}</td><td>${percent(p.hitRate, 2)}</td><td>${percent(p.precision, 1)}<span class="bar" style="width:${Math.round(p.precision * 80)}px"></span></td><td>${r.illicitRate > 0 ? (p.precision / r.illicitRate).toFixed(1) : '–'}×</td></tr>`,
  );
  return `<table><thead><tr><th>rule</th><th>hits</th><th>hit rate</th><th>precision of hits</th><th>lift</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
