import { STATUSES } from '../keys.js';
import { escapeHtml, html, raw } from '../html.js';
import type { WorklistEntry, WorklistFilter, WorklistPage } from '../worklist-query.js';
import { page, statusBadge, tableHead, timeOf, type Viewer } from './layout.js';

export interface WorklistView {
  filter: WorklistFilter;
  result: WorklistPage;
  /** Choices for the filters: offices and rules seen that day, the days indexed. */
  offices: string[];
  rules: string[];
  days: string[];
  /** A row's text as this viewer may read it (trader identifiers withheld from roles without them). */
  redact: (row: WorklistEntry, text: string) => string;
}

const STATUS_TEXT: Record<string, string> = { open: 'Open', inspection: 'In inspection', done: 'Done' };

function select(name: string, label: string, value: string | undefined, options: [string, string][], any = 'All') {
  return html`<div>
    <label for="f-${name}">${label}</label
    ><select id="f-${name}" name="${name}">
      ${any ? html`<option value="">${any}</option>` : ''}
      ${options.map(([v, text]) => html`<option value="${v}" ${v === value ? html`selected` : ''}>${text}</option>`)}
    </select>
  </div>`;
}

/** Query string of the current filter with some values changed (paging, sorting). */
function query(f: WorklistFilter, change: Record<string, string | number | undefined>): string {
  const base: Record<string, string | number | undefined> = {
    day: f.day,
    sort: f.sort,
    channel: f.channel,
    office: f.office,
    rule: f.rule,
    selection: f.selection,
    status: f.status,
    ...change,
  };
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(base)) if (v !== undefined && v !== '') q.set(k, String(v));
  return `/worklist?${q.toString()}`;
}

const e = escapeHtml;

/**
 * One row, written as a string with every value escaped: a day's worklist
 * can be 10,000 rows, and nested templates cost twice as much (bench/console-worklist.ts).
 */
function rowHtml(r: WorklistEntry, redact: WorklistView['redact']): string {
  const score = Math.max(0, Math.min(100, r.score));
  let reasons = '';
  for (const h of r.reasons)
    reasons += `<li>${e(redact(r, h.reason))}${h.item !== undefined ? `<span class="item">item ${e(String(h.item))}</span>` : ''} <span class="rule">${e(h.rule)}</span></li>`;
  if (r.reasons.length === 0 && r.selection) reasons = `<li class="rule">selected by ${e(r.selection)} inspection</li>`;
  return (
    `<tr><td class="mono"><a href="/declarations/${e(encodeURIComponent(r.id))}">${e(r.id)}</a></td>` +
    `<td><span class="score">${score}<i><b style="width:${score}%"></b></i></span></td>` +
    `<td><span class="badge ${e(r.channel)}">${e(r.channel)}</span>${r.selection ? ` <span class="item">${e(r.selection)}</span>` : ''}</td>` +
    `<td>${e(r.office ?? '–')}</td><td><ul class="reasons">${reasons}</ul></td>` +
    `<td>${statusBadge(r.status).text}</td><td class="mono">${e(timeOf(r.decidedAt))}</td></tr>`
  );
}

export function worklistPage(v: Viewer, w: WorklistView): string {
  const { filter: f, result } = w;
  const from = result.total === 0 ? 0 : f.offset + 1;
  const to = f.offset + result.rows.length;
  const rows = result.rows.map((r) => raw(rowHtml(r, w.redact)));
  const body = html` <h1>Worklist</h1>
    <p class="sub">
      Red and yellow declarations of ${f.day}
      (UTC)${v.user.role === 'officer' ? ` — offices ${v.user.offices.join(', ')}` : ''}
    </p>
    <div class="panel">
      <form class="filters" method="get" action="/worklist">
        ${select(
          'day',
          'Day',
          f.day,
          w.days.map((d) => [d, d]),
          '',
        )}
        ${select('channel', 'Channel', f.channel, [
          ['red', 'Red'],
          ['yellow', 'Yellow'],
        ])}
        ${select(
          'office',
          'Office',
          f.office,
          w.offices.map((o) => [o, o]),
        )}
        ${select(
          'rule',
          'Rule',
          f.rule,
          w.rules.map((r) => [r, r]),
        )}
        ${select('selection', 'Selection', f.selection, [
          ['rule', 'By rules'],
          ['capacity', 'Capacity'],
          ['random', 'Random'],
        ])}
        ${select(
          'status',
          'Status',
          f.status,
          STATUSES.map((s) => [s, STATUS_TEXT[s]]),
        )}
        ${select(
          'sort',
          'Order',
          f.sort,
          [
            ['time', 'Newest first'],
            ['score', 'Highest score first'],
          ],
          '',
        )}
        <div><button type="submit">Apply</button></div>
      </form>
    </div>
    <div class="panel">
      <table>
        ${tableHead('Declaration', 'Score', 'Channel', 'Office', 'Top reasons', 'Status', 'Decided')}
        <tbody>
          ${
            rows.length
              ? rows
              : html`<tr>
                  <td colspan="7" class="empty">No declarations match.</td>
                </tr>`
          }
        </tbody>
      </table>
      <div class="pager">
        <span>${from}–${to} of ${result.total}</span>
        ${f.offset > 0 ? html`<a href="${query(f, { offset: Math.max(0, f.offset - f.limit) })}">← Previous</a>` : ''}
        ${to < result.total ? html`<a href="${query(f, { offset: f.offset + f.limit })}">Next →</a>` : ''}
      </div>
    </div>`;
  return page('Worklist', v, 'worklist', body);
}
