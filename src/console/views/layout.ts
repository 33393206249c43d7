import { CAN } from '../access.js';
import { CSRF_FIELD } from '../csrf.js';
import { html, type Html } from '../html.js';
import type { ConsoleUser } from '../users.js';

/** Who is looking, for the page frame and its forms. */
export interface Viewer {
  user: ConsoleUser;
  csrf: string;
}

export type Section = 'worklist' | 'overview' | 'users' | 'login';

/** The hidden field every form carries. */
export const csrfField = (v: Viewer): Html => html`<input type="hidden" name="${CSRF_FIELD}" value="${v.csrf}" />`;

export function page(title: string, viewer: Viewer | undefined, section: Section, body: Html): string {
  const role = viewer?.user.role;
  const link = (href: string, name: Section, label: string) =>
    html`<a href="${href}" class="${section === name ? 'on' : ''}">${label}</a>`;
  const nav = role
    ? html`<nav>
          ${CAN.worklist(role) ? link('/worklist', 'worklist', 'Worklist') : ''}
          ${CAN.overview(role) ? link('/overview', 'overview', 'Overview') : ''}
          ${CAN.users(role) ? link('/users', 'users', 'Users') : ''}
        </nav>
        <div class="who">
          <span
            >${viewer!.user.name} ·
            ${role}${viewer!.user.offices.length ? ` · ${viewer!.user.offices.join(', ')}` : ''}</span
          >
          <form method="post" action="/logout">${csrfField(viewer!)}<button type="submit">Sign out</button></form>
        </div>`
    : html`<nav></nav>`;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · Targeting console</title>
        <link rel="stylesheet" href="/console.css" />
      </head>
      <body>
        <header class="top">
          <div class="brand">Targeting console<small>customs-targeting</small></div>
          ${nav}
        </header>
        <main>${body}</main>
      </body>
    </html> `.text;
}

/** A table column's title; a `numeric` one is right-aligned over its numbers. */
export type Column = string | { num: string };

export const numeric = (title: string): Column => ({ num: title });

export const tableHead = (...columns: Column[]): Html =>
  html`<thead>
    <tr>
      ${columns.map((c) => (typeof c === 'string' ? html`<th>${c}</th>` : html`<th class="num">${c.num}</th>`))}
    </tr>
  </thead>`;

/** The line a page shows after an action: what was done, or what went wrong. */
export const noticeLine = (n: { kind: string; text: string } | undefined): Html | string =>
  n ? html`<div class="notice ${n.kind}" role="status">${n.text}</div>` : '';

export const channelBadge = (c: string): Html => html`<span class="badge ${c}">${c}</span>`;

const STATUS_LABEL: Record<string, string> = { open: 'open', inspection: 'in inspection', done: 'done' };
export const statusBadge = (s: string): Html => html`<span class="badge ${s}">${STATUS_LABEL[s] ?? s}</span>`;

export const scoreCell = (score: number): Html =>
  html`<span class="score"
    >${score}<i><b style="width:${Math.max(0, Math.min(100, score))}%"></b></i
  ></span>`;

export const percent = (x: number | undefined, digits = 1): string =>
  x === undefined ? '–' : `${(x * 100).toFixed(digits)} %`;

export const amount = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** Time of day (UTC) of an ISO timestamp. */
export const timeOf = (iso: string): string => iso.slice(11, 19);
