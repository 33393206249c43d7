import { timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue, type ConnectionOptions } from 'bullmq';
import express, { type RequestHandler } from 'express';
import { ConfigError } from '../errors.js';
import { hashTaggedPrefix } from '../queue/names.js';

export interface BasicAuth {
  user: string;
  password: string;
}

export interface DashboardOptions {
  connection: ConnectionOptions;
  /** Several with partitions: each partition's queues are shown under their prefix. */
  prefix: string | readonly string[];
  queues: readonly string[];
  port: number;
  /** Loopback by default: the board can retry and delete jobs. */
  host?: string;
  auth?: BasicAuth;
}

export interface Dashboard {
  readonly url: string;
  close(): Promise<void>;
}

/** bull-board over the project's queues, served by express. */
export async function startDashboard(opts: DashboardOptions): Promise<Dashboard> {
  const prefixes = (typeof opts.prefix === 'string' ? [opts.prefix] : opts.prefix).map(hashTaggedPrefix);
  const shown = prefixes.flatMap((prefix) =>
    opts.queues.map((name) => ({ prefix, queue: new Queue(name, { connection: opts.connection, prefix }) })),
  );
  const queues = shown.map((s) => s.queue);
  // Pages show Redis errors; without a listener BullMQ also prints each one itself, AUTH arguments included.
  for (const q of queues) q.on('error', () => undefined);
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath('/');
  createBullBoard({
    queues: shown.map((s) => new BullMQAdapter(s.queue, prefixes.length > 1 ? { prefix: `${s.prefix}:` } : {})),
    // @bull-board/express pins its own patch release of @bull-board/api: same shape, distinct declarations.
    serverAdapter: serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
    options: { uiConfig: { boardTitle: 'customs-targeting' } },
  });
  const app = express();
  app.disable('x-powered-by');
  if (opts.auth) app.use(basicAuth(opts.auth));
  app.use('/', serverAdapter.getRouter() as RequestHandler);

  const host = opts.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(opts.port, host, (err?: Error) => (err ? reject(err) : resolve(s)));
    s.once('error', reject);
  }).catch((e: NodeJS.ErrnoException) => {
    throw new ConfigError(
      'DASHBOARD_PORT',
      `cannot serve the dashboard on ${host}:${opts.port} (${e.code ?? e.message})`,
      {},
      'choose a free port with --port',
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all(queues.map((q) => q.close()));
    },
  };
}

function basicAuth(auth: BasicAuth): RequestHandler {
  const expected = Buffer.from(`${auth.user}:${auth.password}`);
  return (req, res, next) => {
    const header = req.headers.authorization ?? '';
    const given = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64') : Buffer.alloc(0);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return next();
    res.setHeader('WWW-Authenticate', 'Basic realm="customs-targeting", charset="UTF-8"');
    res.status(401).send('authentication required\n');
  };
}
