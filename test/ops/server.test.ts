import { Registry, Counter } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { startOpsServer, type OpsServer } from '../../src/ops/server.js';

let servers: OpsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

describe('ops server', () => {
  it('serves /metrics in Prometheus format and /health as JSON, 503 when unhealthy', async () => {
    const registry = new Registry();
    new Counter({ name: 'probe_total', help: 'probe', registers: [registry] }).inc(3);
    let ok = true;
    const server = await startOpsServer({ port: 0, registry, health: () => ({ ok, ruleset: 'default@1' }) });
    servers.push(server);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const metrics = await fetch(`${server.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(await metrics.text()).toContain('probe_total 3');

    expect(await (await fetch(`${server.url}/health`)).json()).toEqual({ ok: true, ruleset: 'default@1' });
    ok = false;
    expect((await fetch(`${server.url}/health`)).status).toBe(503);
    expect((await fetch(`${server.url}/other`)).status).toBe(404);
    expect((await fetch(`${server.url}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('refuses to start on a port in use, naming it', async () => {
    const first = await startOpsServer({ port: 0, registry: new Registry(), health: () => ({ ok: true }) });
    servers.push(first);
    await expect(
      startOpsServer({ port: first.port, registry: new Registry(), health: () => ({ ok: true }) }),
    ).rejects.toThrow(ConfigError);
  });
});
