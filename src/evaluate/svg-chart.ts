/**
 * Inline SVG charts for the evaluation report: no script, no network, so the
 * file opens the same offline, in any browser, years later.
 */

export interface Series {
  label: string;
  color: string;
  points: readonly { x: number; y: number }[];
  dashed?: boolean;
}

export interface Axes {
  title: string;
  xLabel: string;
  yLabel: string;
  xMax: number;
  yMax: number;
  /** Formats a tick value on each axis. */
  xTick?: (v: number) => string;
  yTick?: (v: number) => string;
}

const W = 420;
const H = 280;
const M = { left: 52, right: 12, top: 28, bottom: 44 };
const LEGEND_ROW = 15;

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function percent(v: number, digits = 0): string {
  return `${(v * 100).toFixed(digits)} %`;
}

/** Lines over shared axes, with a legend under the title. */
export function lineChart(axes: Axes, series: readonly Series[]): string {
  const x = (v: number) => M.left + (v / (axes.xMax || 1)) * (W - M.left - M.right);
  const y = (v: number) => H - M.bottom - (v / (axes.yMax || 1)) * (H - M.top - M.bottom);
  const lines = series.map((s) => {
    const d = s.points.map((p, i) => `${i ? 'L' : 'M'}${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`).join('');
    return `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ''}><title>${escapeHtml(s.label)}</title></path>`;
  });
  return frame(axes, x, y, lines.join('') + legend(series), axes.xMax, series.length);
}

/** Two or more distributions side by side per bin (shares within each series). */
export function histogram(
  axes: Axes,
  edges: readonly number[],
  series: readonly { label: string; color: string; shares: readonly number[] }[],
): string {
  const bins = edges.length - 1;
  const x = (v: number) => M.left + (v / (axes.xMax || 1)) * (W - M.left - M.right);
  const y = (v: number) => H - M.bottom - (v / (axes.yMax || 1)) * (H - M.top - M.bottom);
  const slot = (W - M.left - M.right) / Math.max(1, bins);
  const bar = slot / (series.length + 0.5);
  const rects: string[] = [];
  series.forEach((s, k) => {
    s.shares.forEach((share, b) => {
      if (share <= 0) return;
      const left = M.left + b * slot + k * bar;
      const top = y(share);
      rects.push(
        `<rect x="${left.toFixed(1)}" y="${top.toFixed(1)}" width="${bar.toFixed(1)}" height="${(H - M.bottom - top).toFixed(1)}" fill="${s.color}"><title>${escapeHtml(`${s.label}: ${percent(share, 1)} in [${fmt(edges[b])}, ${fmt(edges[b + 1])})`)}</title></rect>`,
      );
    });
  });
  const xAxis = { ...axes, xMax: bins, xTick: (v: number) => fmt(edges[Math.round(v)] ?? 0) };
  return frame(xAxis, x, y, rects.join('') + legend(series.map((s) => ({ ...s, points: [] }))), bins, series.length);
}

/** Axes, grid and title around a chart body; the legend (`legendRows` lines) goes under the plot, clear of the data. */
function frame(
  axes: Axes,
  x: (v: number) => number,
  y: (v: number) => number,
  body: string,
  xMax: number,
  legendRows: number,
): string {
  const height = H + legendRows * LEGEND_ROW + 6;
  const ticks: string[] = [];
  for (let i = 0; i <= 5; i++) {
    const yv = (axes.yMax * i) / 5;
    const xv = (xMax * i) / 5;
    ticks.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${y(yv).toFixed(1)}" y2="${y(yv).toFixed(1)}" stroke="#e3e3e3"/>`,
    );
    ticks.push(
      `<text x="${M.left - 6}" y="${(y(yv) + 4).toFixed(1)}" text-anchor="end">${escapeHtml((axes.yTick ?? fmt)(yv))}</text>`,
    );
    ticks.push(
      `<text x="${x(xv).toFixed(1)}" y="${H - M.bottom + 16}" text-anchor="middle">${escapeHtml((axes.xTick ?? fmt)(xv))}</text>`,
    );
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" aria-label="${escapeHtml(axes.title)}">
<text x="${W / 2}" y="16" text-anchor="middle" class="title">${escapeHtml(axes.title)}</text>
${ticks.join('')}
<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${H - M.bottom}" stroke="#888"/>
<line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}" stroke="#888"/>
<text x="${(M.left + W - M.right) / 2}" y="${H - 8}" text-anchor="middle">${escapeHtml(axes.xLabel)}</text>
<text transform="translate(12 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(axes.yLabel)}</text>
${body}
</svg>`;
}

function legend(series: readonly Series[]): string {
  return series
    .map((s, i) => {
      const ly = H + 2 + i * LEGEND_ROW;
      const lx = M.left;
      return `<line x1="${lx}" x2="${lx + 18}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="${s.points.length ? 2 : 8}"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/><text x="${lx + 24}" y="${ly + 4}">${escapeHtml(s.label)}</text>`;
    })
    .join('');
}

function fmt(v: number): string {
  if (Math.abs(v) >= 1000) return `${Math.round(v / 100) / 10}k`;
  return Number.isInteger(v) ? String(v) : v.toFixed(Math.abs(v) < 1 ? 2 : 1);
}
