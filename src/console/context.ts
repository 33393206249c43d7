import type { Queue } from 'bullmq';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { RedisClient as Redis } from '../queue/connection.js';
import type { Logger } from '../log.js';
import type { ConsoleAudit } from './audit-events.js';
import { csrfToken } from './csrf.js';
import type { Explainer } from './explainer.js';
import type { ConsoleKeys } from './keys.js';
import type { LoginThrottle } from './rate-limit.js';
import { readSession, parseCookies, SESSION_COOKIE } from './session.js';
import type { Role, UserStore } from './users.js';
import { page, type Viewer } from './views/layout.js';
import { html } from './html.js';

/** Everything the routes share: connections, stores, settings. */
export interface ConsoleContext {
  redis: Redis;
  keys: ConsoleKeys;
  users: UserStore;
  secret: Buffer;
  audit: ConsoleAudit;
  feedback: Queue;
  explain: Explainer;
  retentionDays: number;
  capacity?: number;
  traderRoles: readonly Role[];
  /** Cookies get Secure when the console serves TLS. */
  secure: boolean;
  throttle: { byName: LoginThrottle; byAddress: LoginThrottle };
  logger: Logger;
  /** The day the worklist opens on (UTC), replaceable for tests and benchmarks. */
  today: () => string;
}

export const viewerOf = (res: Response): Viewer | undefined => res.locals.viewer as Viewer | undefined;

/** Reads the session cookie; a valid one for a user still in the users file makes `res.locals.viewer`. */
export function readViewer(ctx: ConsoleContext): RequestHandler {
  return (req, res, next) => {
    const session = readSession(ctx.secret, parseCookies(req.headers.cookie)[SESSION_COOKIE]);
    const user = session && ctx.users.get(session.user);
    if (session && user) {
      res.locals.session = session;
      res.locals.viewer = { user, csrf: csrfToken(ctx.secret, session) } satisfies Viewer;
    }
    next();
  };
}

/** Pages need a session (else: to the sign-in page, nothing else served) and a role allowed to see them. */
export function allow(check: (r: Role) => boolean): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const viewer = viewerOf(res);
    if (!viewer) {
      if (req.method === 'GET') return res.redirect(303, '/login');
      return res.status(401).type('text/plain').send('sign in first\n');
    }
    if (!check(viewer.user.role)) return forbidden(res, viewer);
    next();
  };
}

export function forbidden(res: Response, viewer: Viewer): void {
  refuse(res, 403, viewer, 'Not allowed', `Your role (${viewer.user.role}) does not give access to this page.`);
}

export function notFound(res: Response, viewer: Viewer | undefined, what = 'This page'): void {
  refuse(
    res,
    404,
    viewer,
    'Not found',
    `${what} does not exist, is past retention, or belongs to an office you do not work for.`,
  );
}

/** A page that says why there is nothing to show: its title as heading, one sentence under it. */
function refuse(res: Response, status: number, viewer: Viewer | undefined, title: string, why: string): void {
  res.status(status).send(
    page(
      title,
      viewer,
      'worklist',
      html`<h1>${title}</h1>
        <p class="sub">${why}</p>`,
    ),
  );
}

/** Express 5 passes rejected promises to the error handler; this keeps handlers one line. */
export const route =
  (f: (req: Request, res: Response) => Promise<void>): RequestHandler =>
  (req, res, next) =>
    f(req, res).catch(next);
