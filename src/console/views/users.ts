import { html } from '../html.js';
import { ROLES, type ConsoleUser } from '../users.js';
import { csrfField, noticeLine, page, tableHead, type Viewer } from './layout.js';

export function usersPage(
  v: Viewer,
  users: ConsoleUser[],
  file: string,
  notice?: { kind: 'ok' | 'error'; text: string },
): string {
  const body = html` <h1>Users</h1>
    <p class="sub">
      Kept in <span class="mono">${file}</span> (scrypt hashes). Also:
      <span class="mono">targeting console user add NAME --role R [--office O…]</span>
    </p>
    ${noticeLine(notice)}
    <div class="grid side">
      <div class="panel">
        <table>
          ${tableHead('Name', 'Role', 'Offices', '')}
          <tbody>
            ${users.map(
              (u) =>
                html`<tr>
                  <td>${u.name}</td>
                  <td>${u.role}</td>
                  <td>${u.offices.join(', ') || '–'}</td>
                  <td>
                    ${
                      u.name === v.user.name
                        ? ''
                        : html`<form
                            method="post"
                            action="/users/${encodeURIComponent(u.name)}/delete"
                            style="margin:0"
                          >
                            ${csrfField(v)}<button class="danger" type="submit">Remove</button>
                          </form>`
                    }
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <div class="panel">
        <h2>Add or replace a user</h2>
        <form method="post" action="/users">
          ${csrfField(v)}
          <label for="u-name">Name</label
          ><input id="u-name" name="name" required style="width:100%;margin-bottom:8px" />
          <label for="u-role">Role</label
          ><select id="u-role" name="role" style="margin-bottom:8px">
            ${ROLES.map((r) => html`<option>${r}</option>`)}
          </select>
          <label for="u-offices">Offices (comma-separated, officers)</label
          ><input id="u-offices" name="offices" style="width:100%;margin-bottom:8px" />
          <label for="u-password">Password (at least 12 characters)</label
          ><input
            id="u-password"
            name="password"
            type="password"
            autocomplete="new-password"
            required
            style="width:100%;margin-bottom:10px"
          />
          <button type="submit">Save user</button>
        </form>
      </div>
    </div>`;
  return page('Users', v, 'users', body);
}
