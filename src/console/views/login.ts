import { LOGIN_COOKIE } from '../csrf.js';
import { html } from '../html.js';
import { page } from './layout.js';

/** The sign-in form: no declaration data, nothing but the form (its token matches the LOGIN_COOKIE set with it). */
export function loginPage(token: string, problem?: string, name = ''): string {
  return page(
    'Sign in',
    undefined,
    'login',
    html`<div class="login">
      <div class="panel">
        <h1>Sign in</h1>
        <p class="sub">Risk targeting — officers and analysts</p>
        ${problem ? html`<div class="notice error" role="alert">${problem}</div>` : ''}
        <form method="post" action="/login">
          <input type="hidden" name="_csrf" value="${token}" />
          <label for="name">User name</label>
          <input id="name" name="name" autocomplete="username" required value="${name}" autofocus />
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
          <button type="submit">Sign in</button>
        </form>
      </div>
    </div>`,
  );
}

export { LOGIN_COOKIE };
