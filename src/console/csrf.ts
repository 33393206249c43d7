import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import { parseCookies, sameText, sign, type Session } from './session.js';

/** Every form carries this field; every POST is checked. */
export const CSRF_FIELD = '_csrf';
/** Before log-in there is no session: the login form is protected by a double-submit cookie. */
export const LOGIN_COOKIE = 'ct_login';

/** Synchronizer token of a session: derived from its nonce, so it needs no storage and dies with the session. */
export function csrfToken(secret: Buffer, session: Session): string {
  return sign(secret, 'csrf', session.nonce);
}

export const newLoginToken = (): string => randomBytes(16).toString('base64url');

/** The login form's token matches its cookie (an attacker's page can set neither). */
export function loginTokenValid(cookieHeader: string | undefined, field: unknown): boolean {
  const cookie = parseCookies(cookieHeader)[LOGIN_COOKIE];
  return typeof field === 'string' && cookie !== undefined && cookie.length > 0 && sameText(cookie, field);
}

/** Refuses any POST whose token is not the session's (403, nothing done). Runs after the session is read. */
export function requireCsrf(secret: Buffer): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'POST') return next();
    const session = res.locals.session as Session | undefined;
    const given = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    if (session && typeof given === 'string' && sameText(given, csrfToken(secret, session))) return next();
    res
      .status(403)
      .type('text/plain')
      .send('forbidden: the form token is missing or wrong — reload the page and try again\n');
  };
}
