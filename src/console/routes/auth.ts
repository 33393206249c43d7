import { Router } from 'express';
import { LOGIN_COOKIE, loginTokenValid, newLoginToken } from '../csrf.js';
import { route, viewerOf, type ConsoleContext } from '../context.js';
import { cookieOptions, newSession, SESSION_COOKIE, sessionCookieValue } from '../session.js';
import { decoyHash, verifyPassword } from '../users.js';
import { loginPage } from '../views/login.js';

const LOGIN_TOKEN_MS = 30 * 60_000;

/** Sign in (throttled), sign out. */
export function authRoutes(ctx: ConsoleContext): Router {
  const r = Router();
  const form = (res: Parameters<Parameters<typeof r.get>[1]>[1], status: number, problem?: string, name?: string) => {
    const token = newLoginToken();
    res.cookie(LOGIN_COOKIE, token, cookieOptions(ctx.secure, LOGIN_TOKEN_MS));
    res.status(status).send(loginPage(token, problem, name));
  };

  r.get('/login', (_req, res) => {
    if (viewerOf(res)) return res.redirect(303, '/');
    form(res, 200);
  });

  r.post(
    '/login',
    route(async (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (!loginTokenValid(req.headers.cookie, body._csrf)) {
        res.status(403);
        return form(res, 403, 'The sign-in form expired: try again.');
      }
      const name = typeof body.name === 'string' ? body.name.trim() : '';
      const password = typeof body.password === 'string' ? body.password : '';
      const address = req.socket.remoteAddress ?? 'unknown';
      const wait = Math.max(ctx.throttle.byName.waitMs([name]), ctx.throttle.byAddress.waitMs([address]));
      if (wait > 0) {
        const s = Math.ceil(wait / 1000);
        res.setHeader('Retry-After', String(s));
        ctx.logger.warn({ user: name, address }, 'sign-in throttled');
        return form(res, 429, `Too many failed sign-ins: wait ${s} s before trying again.`, name);
      }
      const user = ctx.users.get(name);
      const ok = await verifyPassword(password, user?.hash ?? (await decoyHash()));
      if (!user || !ok) {
        ctx.throttle.byName.failed([name]);
        ctx.throttle.byAddress.failed([address]);
        ctx.logger.warn({ user: name, address }, 'sign-in failed');
        return form(res, 401, 'Wrong user name or password.', name);
      }
      ctx.throttle.byName.succeeded([name]);
      ctx.throttle.byAddress.succeeded([address]);
      await ctx.audit.append({ event: 'login', user: user.name, role: user.role });
      res.cookie(SESSION_COOKIE, sessionCookieValue(ctx.secret, newSession(user.name)), cookieOptions(ctx.secure));
      res.clearCookie(LOGIN_COOKIE, { path: '/' });
      res.redirect(303, '/');
    }),
  );

  return r;
}

/** Sign-out is a POST like any other form: it is behind the CSRF check. */
export function logoutRoute(): Router {
  const r = Router();
  r.post('/logout', (_req, res) => {
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/login');
  });
  return r;
}
