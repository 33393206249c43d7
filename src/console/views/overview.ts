import { html, type Html } from '../html.js';
import type { DayOverview, RejectedEntry } from '../overview-data.js';
import { amount, numeric, page, percent, tableHead, timeOf, type Viewer } from './layout.js';

export interface OverviewView {
  today: DayOverview;
  days: DayOverview[];
  /** Inspection capacity as a share of the day's declarations (CAPACITY), when set. */
  capacity?: number;
  rejected: RejectedEntry[];
  allDays: string[];
}

function hourBars(d: DayOverview): Html {
  const max = Math.max(1, ...d.hours.map((h) => h.channels.green + h.channels.yellow + h.channels.red));
  const px = (n: number) => `${Math.round((n / max) * 130)}px`;
  return html`<div class="bars" aria-label="declarations per hour by channel">
      ${d.hours.map(
        (h) =>
          html`<div
            class="bar"
            title="${h.hour}:00 — green ${h.channels.green}, yellow ${h.channels.yellow}, red ${h.channels.red}"
          >
            <span class="g" style="height:${px(h.channels.green)}"></span
            ><span class="y" style="height:${px(h.channels.yellow)}"></span
            ><span class="r" style="height:${px(h.channels.red)}"></span>
          </div>`,
      )}
    </div>
    <div class="hours">${d.hours.map((h) => html`<span>${Number(h.hour) % 3 === 0 ? h.hour : ''}</span>`)}</div>
    <div class="legend">
      <span><i class="g" style="background:#8fcf93"></i>green</span><span><i style="background:#f2c14e"></i>yellow</span
      ><span><i style="background:#d9534f"></i>red</span><span>hours UTC</span>
    </div>`;
}

/** The criterion table's columns: a rule, then its counts. */
const RULE_COLUMNS = ['Rule', ...['Hits', 'Hit rate', 'Inspected', 'Illicit', 'Precision', 'Revenue'].map(numeric)];

const share = (n: number, total: number) => (total ? n / total : undefined);

export function overviewPage(v: Viewer, o: OverviewView): string {
  const t = o.today;
  const redRate = share(t.channels.red, t.total);
  const meter = (rate: number | undefined) =>
    html`<div class="meter">
      <b style="width:${Math.min(100, (rate ?? 0) * 100 * 5)}%"></b>${
        o.capacity !== undefined
          ? html`<s style="left:${Math.min(100, o.capacity * 100 * 5)}%" title="capacity"></s>`
          : ''
      }
    </div>`;
  const body = html` <h1>Overview</h1>
    <form class="filters" method="get" action="/overview" style="margin-bottom:14px">
      <div>
        <label for="day">Day</label
        ><select id="day" name="day">
          ${o.allDays.map((d) => html`<option ${d === t.day ? html`selected` : ''}>${d}</option>`)}
        </select>
      </div>
      <div><button type="submit">Show</button></div>
    </form>
    <div class="grid three">
      <div class="panel">
        <h2>Declarations decided</h2>
        <div class="kpi">${t.total.toLocaleString('en-US')} <small>${t.day}</small></div>
        <p class="sub">
          green ${percent(share(t.channels.green, t.total))} · yellow ${percent(share(t.channels.yellow, t.total))} ·
          red ${percent(redRate)}
        </p>
      </div>
      <div class="panel">
        <h2>Red rate against capacity</h2>
        <div class="kpi">
          ${percent(redRate, 2)}
          <small
            >${o.capacity !== undefined ? `capacity ${percent(o.capacity, 1)}` : 'no capacity set (CAPACITY)'}</small
          >
        </div>
        ${meter(redRate)}
      </div>
      <div class="panel">
        <h2>Results recorded</h2>
        <div class="kpi">
          ${t.results.inspected}
          <small
            >${t.results.illicit} illicit · ${percent(share(t.results.illicit, t.results.inspected))} hit rate</small
          >
        </div>
        <p class="sub">revenue recovered ${amount(t.results.revenue)}</p>
      </div>
    </div>
    <div class="panel">
      <h2>Channel shares per hour — ${t.day}</h2>
      ${hourBars(t)}
    </div>
    <div class="grid two">
      <div class="panel">
        <h2>Channel shares per day</h2>
        <table>
          ${tableHead('Day', numeric('Decided'), numeric('Green'), numeric('Yellow'), numeric('Red'), 'Red vs capacity')}
          <tbody>
            ${o.days.map((d) => {
              const r = share(d.channels.red, d.total);
              return html`<tr>
                <td><a href="/overview?day=${d.day}">${d.day}</a></td>
                <td class="num">${d.total}</td>
                <td class="num">${percent(share(d.channels.green, d.total))}</td>
                <td class="num">${percent(share(d.channels.yellow, d.total))}</td>
                <td class="num">${percent(r)}</td>
                <td style="min-width:120px">${meter(r)}</td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
      <div class="panel">
        <h2>Rejected inputs</h2>
        ${
          o.rejected.length === 0
            ? html`<p class="empty">None.</p>`
            : html`<table>
                ${tableHead('Time', 'Input', 'Code', 'Reason')}
                <tbody>
                  ${o.rejected.map(
                    (r) =>
                      html`<tr>
                        <td class="mono">${r.at.slice(0, 10)} ${timeOf(r.at)}</td>
                        <td class="mono">${r.id ?? r.source}${r.index !== undefined ? ` #${r.index}` : ''}</td>
                        <td class="mono">${r.code}</td>
                        <td>${r.reason}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
        }
      </div>
    </div>
    <div class="panel">
      <h2>Criterion performance — ${t.day}</h2>
      <p class="sub">
        Hit rate: share of the day's declarations a rule fired on. Precision: illicit among the recorded results of
        declarations it fired on.
      </p>
      <table>
        ${tableHead(...RULE_COLUMNS)}
        <tbody>
          ${
            t.rules.length === 0
              ? html`<tr>
                  <td colspan="7" class="empty">No rule fired.</td>
                </tr>`
              : t.rules.map(
                  (r) =>
                    html`<tr>
                      <td class="mono">${r.rule}</td>
                      <td class="num">${r.hits}</td>
                      <td class="num">${percent(r.hitRate)}</td>
                      <td class="num">${r.inspected}</td>
                      <td class="num">${r.illicit}</td>
                      <td class="num">${percent(r.precision)}</td>
                      <td class="num">${amount(r.revenue)}</td>
                    </tr>`,
                )
          }
        </tbody>
      </table>
    </div>`;
  return page('Overview', v, 'overview', body);
}
