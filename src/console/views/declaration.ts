import type { Explanation, RuleTrace } from '../../explain/explain.js';
import { formatValue } from '../../explain/render.js';
import type { ConditionTrace } from '../../explain/trace.js';
import type { AuditStanding } from '../audit-check.js';
import type { StoredDeclaration } from '../declarations.js';
import { html, type Html } from '../html.js';
import {
  amount,
  channelBadge,
  csrfField,
  noticeLine,
  numeric,
  page,
  statusBadge,
  tableHead,
  type Viewer,
} from './layout.js';

export interface DeclarationView {
  d: StoredDeclaration;
  consignment: Record<string, unknown>;
  redact: (text: string) => string;
  explanation: { explanation: Explanation } | { problem: string };
  audit?: AuditStanding;
  auditStream?: string;
  /** May this viewer record the result (an officer of the declaration's office)? */
  canRecord: boolean;
  notice?: { kind: 'ok' | 'error' | 'info'; text: string };
}

const MARK = {
  pass: html`<span class="pass">✔</span>`,
  fail: html`<span class="fail">✘</span>`,
  skip: html`<span class="skip">·</span>`,
};

function mark(c: ConditionTrace): Html {
  if (!c.evaluated) return MARK.skip;
  return c.result ? MARK.pass : MARK.fail;
}

function condition(c: ConditionTrace, redact: (t: string) => string): Html {
  if (c.kind === 'fact') {
    const ref = c.value !== null && typeof c.value === 'object' && !Array.isArray(c.value) && 'fact' in c.value;
    const expected = ref
      ? `${(c.value as { fact: string }).fact}${c.evaluated ? ` (${formatValue(c.valueResult)})` : ''}`
      : formatValue(c.value);
    return html`<li>
      ${mark(c)} <span class="mono">${c.fact}${c.path ? ` ${c.path}` : ''}</span>${
        c.evaluated ? html` = <b class="mono">${redact(formatValue(c.factValue))}</b>` : ''
      }
      <span class="mono">${c.operator} ${redact(expected)}</span
      >${c.evaluated ? '' : html` <span class="skip">(not evaluated)</span>`}
    </li>`;
  }
  const kids = c.kind === 'not' ? [c.child] : c.children;
  return html`<li>
    ${mark(c)} <b>${c.kind}</b>
    <ul>
      ${kids.map((k) => condition(k, redact))}
    </ul>
  </li>`;
}

function ruleTrace(r: RuleTrace, redact: (t: string) => string): Html {
  return html`<details
    class="rule"
    ${r.outcome === 'fired' ? html`open` : ''}
    style="margin-left:${r.outcome === 'fired' ? 0 : 12}px"
  >
    <summary>
      <span class="outcome ${r.outcome}">${r.outcome.replace(/-/g, ' ')}</span><b>${r.name}</b>${
        r.points !== undefined
          ? html` <span class="item">${r.outcome === 'fired' ? '+' : ''}${r.points} pts</span>`
          : ''
      }${r.channel ? html` <span class="item">forces ${r.channel}</span>` : ''}${r.reason ? html` — ${redact(r.reason)}` : ''}
    </summary>
    <ul class="trace">
      ${condition(r.conditions, redact)}
    </ul>
  </details>`;
}

function explanationPanel(v: DeclarationView): Html {
  if ('problem' in v.explanation)
    return html`<div class="panel">
      <h2>Explanation</h2>
      <div class="notice error">${v.explanation.problem}</div>
    </div>`;
  const e = v.explanation.explanation;
  const fired = e.rules.filter((r) => r.outcome === 'fired').length;
  const recorded = v.d.decision;
  const same =
    e.decision.score === recorded.score &&
    e.decision.hits.map((h) => h.rule).join() === recorded.hits.map((h) => h.rule).join();
  return html`<div class="panel">
    <h2>Explanation</h2>
    <p class="sub">
      Judged on ${e.day} with
      <span class="mono">${[e.ruleset, e.profile, e.watchlists].filter(Boolean).join(', ')}</span> · red ≥
      ${e.thresholds.red}, yellow ≥ ${e.thresholds.yellow} · ${fired} of ${e.rules.length} rules fired ·
      ${same ? html`<span class="pass">reproduces the recorded decision</span>` : html`<span class="fail">differs from the recorded decision (score now ${e.decision.score}): the profile or watchlists of the day may differ</span>`}
    </p>
    <p class="sub">${MARK.pass} passed ${MARK.fail} failed ${MARK.skip} not evaluated (short-circuit)</p>
    ${e.rules.filter((r) => r.outcome === 'fired').map((r) => ruleTrace(r, v.redact))}
    <details class="rule">
      <summary>
        <b>${e.rules.length - fired} rules that did not fire</b> <span class="skip">(in evaluation order)</span>
      </summary>
      ${e.rules.filter((r) => r.outcome !== 'fired').map((r) => ruleTrace(r, v.redact))}
    </details>
  </div>`;
}

function auditPanel(v: DeclarationView): Html {
  const a = v.audit;
  if (!a)
    return html`<div class="panel">
      <h2>Audit record</h2>
      <p class="sub">The worker that decided this declaration keeps no audit trail.</p>
    </div>`;
  return html`<div class="panel">
    <h2>Audit record</h2>
    <dl class="facts">
      <dt>Chain</dt>
      <dd class="mono">${a.position.stream}</dd>
      <dt>Position</dt>
      <dd>
        seq
        ${a.position.seq}${a.headSeq !== undefined ? ` of ${a.headSeq}` : ''}${a.entry ? html` · entry <span class="mono">${a.entry}</span>` : ''}
      </dd>
      <dt>Hash</dt>
      <dd class="mono">${a.position.hash.slice(0, 32)}…</dd>
    </dl>
    <ul class="reasons" style="margin-top:10px">
      ${a.checks.map((c) => html`<li class="check ${c.ok ? 'ok' : 'bad'}">${c.name} <span class="rule">${c.detail}</span></li>`)}
    </ul>
    <p class="sub" style="margin-top:10px">
      Whole chain: <span class="mono">targeting audit verify --stream '${a.position.stream}'</span>
    </p>
  </div>`;
}

function resultPanel(v: Viewer, view: DeclarationView): Html {
  const { d } = view;
  if (d.result) {
    const r = d.result;
    return html`<div class="panel">
      <h2>Inspection result</h2>
      <dl class="facts">
        <dt>Outcome</dt>
        <dd>${channelBadge(r.outcome === 'illicit' ? 'red' : 'green')} ${r.outcome}</dd>
        <dt>Revenue recovered</dt>
        <dd>${amount(r.revenue)}</dd>
        <dt>Recorded by</dt>
        <dd>${r.by}, ${r.at.replace('T', ' ').slice(0, 19)} UTC</dd>
        ${
          r.note
            ? html`<dt>Note</dt>
                <dd>${r.note}</dd>`
            : ''
        }${
          r.auditSeq
            ? html`<dt>Console audit</dt>
                <dd>seq ${r.auditSeq}</dd>`
            : ''
        }
      </dl>
    </div>`;
  }
  if (!view.canRecord)
    return html`<div class="panel">
      <h2>Inspection result</h2>
      <p class="sub">Not recorded yet.</p>
    </div>`;
  const id = encodeURIComponent(d.decision.id);
  return html`<div class="panel">
    <h2>Record the inspection result</h2>
    ${d.status === 'open' ? html`<form method="post" action="/declarations/${id}/inspection" style="margin-bottom:12px">${csrfField(v)}<button class="secondary" type="submit">Start inspection</button></form>` : ''}
    <form method="post" action="/declarations/${id}/result">
      ${csrfField(v)}
      <label>Outcome</label>
      <div style="display:flex;gap:16px;margin-bottom:10px">
        <label style="font-weight:400;color:inherit"
          ><input type="radio" name="outcome" value="compliant" required /> Compliant</label
        >
        <label style="font-weight:400;color:inherit"
          ><input type="radio" name="outcome" value="illicit" /> Illicit</label
        >
      </div>
      <label for="revenue">Revenue recovered</label>
      <input id="revenue" name="revenue" inputmode="decimal" placeholder="0.00" style="margin-bottom:10px" />
      <label for="note">Note</label>
      <textarea id="note" name="note" maxlength="2000"></textarea>
      <div style="margin-top:10px"><button type="submit">Record result</button></div>
    </form>
  </div>`;
}

export function declarationPage(v: Viewer, view: DeclarationView): string {
  const { decision: d } = view.d;
  const facts = Object.entries(view.consignment).filter(([, x]) => x !== undefined);
  const body = html` <p class="sub"><a href="/worklist?day=${view.d.day}">← Worklist</a></p>
    <h1>Declaration <span class="mono">${d.id}</span> ${channelBadge(d.channel)} ${statusBadge(view.d.status)}</h1>
    <p class="sub">
      Score <b>${d.score}</b> · decided ${d.decidedAt.replace('T', ' ').slice(0, 19)}
      UTC${d.selection ? ` · selected by ${d.selection}` : ''}
    </p>
    ${noticeLine(view.notice)}
    <div class="grid side">
      <div>
        <div class="panel">
          <h2>Why it was selected</h2>
          <table>
            ${tableHead('Rule', numeric('Points'), 'Reason')}
            <tbody>
              ${d.hits.map((h) => {
                const item = (h as { item?: string | number }).item;
                return html`<tr>
                  <td class="mono">${h.rule}</td>
                  <td class="num">${h.points}</td>
                  <td>
                    ${view.redact(h.reason)}${item !== undefined ? html`<span class="item">item ${item}</span>` : ''}
                  </td>
                </tr>`;
              })}
            </tbody>
          </table>
          <dl class="facts" style="margin-top:12px">
            <dt>Rule set</dt>
            <dd class="mono">${d.ruleset}</dd>
            ${
              d.profile
                ? html`<dt>Profile</dt>
                    <dd class="mono">${d.profile}</dd>`
                : ''
            }
            ${
              (d as { model?: string }).model
                ? html`<dt>Model</dt>
                    <dd class="mono">${(d as { model?: string }).model}</dd>`
                : ''
            }
            ${
              d.watchlists
                ? html`<dt>Watchlists</dt>
                    <dd class="mono">${d.watchlists}</dd>`
                : ''
            }
          </dl>
        </div>
        ${explanationPanel(view)}
      </div>
      <div>
        ${resultPanel(v, view)}
        <div class="panel">
          <h2>Consignment as received</h2>
          <dl class="facts">
            ${facts.map(
              ([k, x]) =>
                html`<dt>${k}</dt>
                  <dd class="mono">${typeof x === 'object' ? JSON.stringify(x) : String(x)}</dd>`,
            )}
          </dl>
        </div>
        ${auditPanel(view)}
      </div>
    </div>`;
  return page(`Declaration ${d.id}`, v, 'worklist', body);
}
