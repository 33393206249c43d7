import { readFileSync } from 'node:fs';
import { createServer as createHttps } from 'node:https';
import { createServer as createHttp, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import express, { type ErrorRequestHandler } from 'express';
import type { Config } from '../config/load.js';
import { ConfigError } from '../errors.js';
import type { Logger } from '../log.js';
import { bullConnection, createRedis } from '../queue/connection.js';
import { FEEDBACK_QUEUE } from '../queue/feedback.js';
import { hashTaggedPrefix } from '../queue/names.js';
import { DEFAULT_TRADER_ROLES } from './access.js';
import { consoleAuditLog } from './audit-events.js';
import { readViewer, type ConsoleContext } from './context.js';
import { requireCsrf } from './csrf.js';
import { createExplainer, type ExplainerOptions } from './explainer.js';
import { consoleKeys } from './keys.js';
import { LoginThrottle } from './rate-limit.js';
import { authRoutes, logoutRoute } from './routes/auth.js';
import { declarationRoutes } from './routes/declaration.js';
import { overviewRoutes } from './routes/overview.js';
import { userRoutes } from './routes/users.js';
import { worklistRoutes } from './routes/worklist.js';
import { sessionSecret } from './session.js';
import { UserStore, type Role } from './users.js';
import { STYLESHEET } from './views/style.js';

export interface ConsoleOptions {
  config: Config;
  usersFile: string;
  /** CONSOLE_SESSION_SECRET; absent: generated once beside the users file. */
  sessionSecret?: string;
  port: number;
  host: string;
  tls?: { cert: string; key: string };
  /** Plain HTTP on a non-loopback address, knowingly. */
  insecure?: boolean;
  explain?: ExplainerOptions;
  traderRoles?: readonly Role[];
  logger: Logger;
  today?: () => string;
}

export interface RunningConsole {
  readonly url: string;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** How to create the first user, for the refusal to start without one. */
export const FIRST_USER_HINT =
  'add an admin first: targeting console user add NAME --role admin (the password is read from standard input)';

/** Refuses what must not start: no user at all, plain HTTP beyond loopback without --insecure. */
export function checkStart(o: Pick<ConsoleOptions, 'host' | 'tls' | 'insecure' | 'usersFile'>, users: number): void {
  if (users === 0)
    throw new ConfigError('NO_USERS', `no console users in ${o.usersFile}`, { file: o.usersFile }, FIRST_USER_HINT);
  if (!LOOPBACK.has(o.host) && !o.tls && !o.insecure)
    throw new ConfigError(
      'CONSOLE_TLS',
      `--host ${o.host} serves beyond this machine: passwords and declarations would cross the network in clear`,
      { field: 'host' },
      'pass --cert FILE --key FILE for HTTPS, or --insecure if TLS ends in front of the console',
    );
}

export async function startConsole(o: ConsoleOptions): Promise<RunningConsole> {
  const users = new UserStore(o.usersFile);
  checkStart(o, users.list().length);
  if (!LOOPBACK.has(o.host) && !o.tls)
    o.logger.warn({ host: o.host }, 'console serves plain HTTP beyond loopback (--insecure)');
  const tls = o.tls ? { cert: readFileSync(o.tls.cert), key: readFileSync(o.tls.key) } : undefined;
  // A page fails (500, logged) while Redis is away instead of hanging: workers retry forever, a page must not.
  const redis = createRedis(o.config, { maxRetriesPerRequest: 2 });
  // A page that fails is logged; the reconnects in between are noise at this level.
  redis.on('error', (err) => o.logger.debug({ err }, 'console: Redis error'));
  const keys = consoleKeys(o.config.prefix);
  const secret = sessionSecret(o.sessionSecret, o.usersFile);
  const feedback = new Queue(FEEDBACK_QUEUE, {
    connection: bullConnection(o.config),
    prefix: hashTaggedPrefix(o.config.prefix),
  });
  feedback.on('error', (err) => o.logger.debug({ err }, 'console: Redis error'));
  const ctx: ConsoleContext = {
    redis,
    keys,
    users,
    secret,
    audit: consoleAuditLog(redis, keys.audit),
    feedback,
    explain: createExplainer(o.explain ?? { rulesDir: o.config.rulesDir }),
    retentionDays: o.config.consoleRetentionDays || 30,
    ...(o.config.capacity !== undefined ? { capacity: o.config.capacity } : {}),
    traderRoles: o.traderRoles ?? DEFAULT_TRADER_ROLES,
    secure: tls !== undefined,
    throttle: { byName: new LoginThrottle(2), byAddress: new LoginThrottle(20) },
    logger: o.logger,
    today: o.today ?? (() => new Date().toISOString().slice(0, 10)),
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use((_req, res, next) => {
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    if (tls) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
    next();
  });
  app.get('/console.css', (_req, res) => {
    res.type('text/css').setHeader('Cache-Control', 'max-age=3600').send(STYLESHEET);
  });
  app.use(express.urlencoded({ extended: false, limit: '16kb' }));
  app.use(readViewer(ctx));
  app.use(authRoutes(ctx));
  // Every POST past this point carries the session's token.
  app.use(requireCsrf(secret));
  app.use(logoutRoute());
  app.use(worklistRoutes(ctx));
  app.use(declarationRoutes(ctx));
  app.use(overviewRoutes(ctx));
  app.use(userRoutes(ctx));
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('not found\n');
  });
  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    o.logger.error({ err }, 'console request failed');
    res.status(500).type('text/plain').send('the console could not complete this request; it is logged\n');
  };
  app.use(onError);

  const server: Server = tls ? createHttps(tls, app) : createHttp(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new ConfigError(
          'CONSOLE_PORT',
          `cannot serve on ${o.host}:${o.port} (${e.code ?? e.message})`,
          {},
          'choose a free port with --port',
        ),
      ),
    );
    server.listen(o.port, o.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  return {
    url: `${tls ? 'https' : 'http'}://${host}:${port}/`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ctx.feedback.close();
      await ctx.audit.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
