import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { ConfigError } from '../errors.js';

/** What `/health` reports; `ok: false` answers 503 so a probe restarts or drains the worker. */
export interface Health {
  ok: boolean;
  [detail: string]: unknown;
}

export interface OpsServerOptions {
  port: number;
  /** Loopback unless the operator opens it (a scraper on another host): METRICS_HOST. */
  host?: string;
  registry: Registry;
  health: () => Health | Promise<Health>;
}

export interface OpsServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/** `/metrics` (Prometheus text format) and `/health` (JSON) for one worker process. */
export async function startOpsServer(opts: OpsServerOptions): Promise<OpsServer> {
  const host = opts.host ?? '127.0.0.1';
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const reply = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    const answer = async () => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, 'text/plain', 'method not allowed\n');
      if (path === '/metrics') return reply(200, opts.registry.contentType, await opts.registry.metrics());
      if (path === '/health') {
        const health = await opts.health();
        return reply(health.ok ? 200 : 503, 'application/json', `${JSON.stringify(health)}\n`);
      }
      return reply(404, 'text/plain', 'not found: try /metrics or /health\n');
    };
    answer().catch((e: unknown) => reply(500, 'text/plain', `${(e as Error).message}\n`));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new ConfigError(
          'OPS_PORT',
          `cannot serve metrics on ${host}:${opts.port} (${e.code ?? e.message})`,
          { field: 'METRICS_PORT' },
          'choose a free port, or 0 for any',
        ),
      ),
    );
    server.listen(opts.port, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
