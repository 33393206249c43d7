import { execFileSync } from 'node:child_process';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommands, indexCommands } from '../../src/console/decisions-index.js';
import { toConsignment } from '../../src/declaration/validate.js';
import type { Decision } from '../../src/decision/decision.js';
import { checkStart, startConsole } from '../../src/console/server.js';
import { createLogger } from '../../src/log.js';
import { consoleWorld, PASSWORD, type ConsoleWorld } from './fixture.js';

let world: ConsoleWorld;
let url: string;
const now = new Date().toISOString();
const decision: Decision = {
  id: 'SECRET-DECL-1',
  score: 80,
  channel: 'red',
  hits: [{ rule: 'r1', points: 80, reason: 'importer IMP-77 has a record' }],
  ruleset: 'default@000000000000',
  decidedAt: now,
};

beforeAll(async () => {
  world = consoleWorld('access');
  await world.addUser('ana', 'analyst');
  await runCommands(
    world.redis,
    indexCommands(
      [{ decision, consignment: toConsignment({ id: 'SECRET-DECL-1', office: 'SEA01', importer: 'IMP-77' }) }],
      { prefix: world.prefix, retentionDays: 1 },
    ),
  );
  url = (await world.startConsole()).url;
});
afterAll(() => world.close());

/** A signed-in cookie jar for `fetch`. */
async function signIn(name: string, password: string): Promise<{ status: number; cookie?: string; body: string }> {
  const form = await fetch(`${url}login`);
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
  const login = form.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const res = await fetch(`${url}login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: login, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, name, password }),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith('ct_session='));
  return { status: res.status, ...(session ? { cookie: session.split(';')[0] } : {}), body: await res.text() };
}

describe('without a session', () => {
  it('GET / redirects to a sign-in page with a password field and no declaration data', async () => {
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login');
    const login = await fetch(`${url}login`);
    const text = await login.text();
    expect(text).toMatch(/<input[^>]+type="password"/);
    expect(text).not.toContain('SECRET-DECL-1');
    for (const path of ['worklist', 'overview', 'declarations/SECRET-DECL-1']) {
      const page = await fetch(`${url}${path}`, { redirect: 'manual' });
      expect(page.status).toBe(303);
      expect(await page.text()).not.toContain('SECRET-DECL-1');
    }
  });

  it('refuses a POST without a session or token, and a login form without its cookie', async () => {
    const res = await fetch(`${url}declarations/SECRET-DECL-1/result`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'outcome=illicit',
    });
    expect(res.status).toBe(403);
    const login = await fetch(`${url}login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: 'guess', name: 'ana', password: PASSWORD }),
      redirect: 'manual',
    });
    expect(login.status).toBe(403);
    expect(login.headers.getSetCookie().some((c) => c.startsWith('ct_session='))).toBe(false);
  });
});

describe('signed in', () => {
  it('an analyst sees the declaration with trader identifiers withheld; a tampered cookie is no session', async () => {
    const { status, cookie } = await signIn('ana', PASSWORD);
    expect(status).toBe(303);
    const page = await (await fetch(`${url}declarations/SECRET-DECL-1`, { headers: { cookie: cookie! } })).text();
    expect(page).toContain('SECRET-DECL-1');
    expect(page).not.toContain('IMP-77');
    expect(page).toContain('[withheld]');
    const tampered = cookie!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const res = await fetch(`${url}worklist`, { headers: { cookie: tampered }, redirect: 'manual' });
    expect(res.status).toBe(303);
  });
});

describe('starting', () => {
  it('refuses to start without users, and beyond loopback without TLS or --insecure', () => {
    expect(() => checkStart({ host: '127.0.0.1', usersFile: 'u.json' }, 0)).toThrow(
      /console user add NAME --role admin/,
    );
    expect(() => checkStart({ host: '0.0.0.0', usersFile: 'u.json' }, 1)).toThrow(/--cert FILE --key FILE/);
    expect(() => checkStart({ host: '0.0.0.0', usersFile: 'u.json', insecure: true }, 1)).not.toThrow();
    expect(() => checkStart({ host: '0.0.0.0', usersFile: 'u.json', tls: { cert: 'c', key: 'k' } }, 1)).not.toThrow();
  });
});

describe('TLS', () => {
  it('serves HTTPS with Secure cookies when given a certificate and key', async () => {
    const cert = join(world.dir, 'cert.pem');
    const key = join(world.dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
      ],
      { stdio: 'ignore' },
    );
    const tls = await startConsole({
      config: world.config,
      usersFile: world.users.file,
      port: 0,
      host: '127.0.0.1',
      tls: { cert, key },
      logger: createLogger('tls-test', 'warn'),
    });
    try {
      expect(tls.url).toMatch(/^https:/);
      const res = await new Promise<{ status?: number; cookies: string[]; hsts?: string }>((ok, fail) => {
        request(`${tls.url}login`, { rejectUnauthorized: false }, (r) => {
          r.resume();
          ok({
            status: r.statusCode,
            cookies: r.headers['set-cookie'] ?? [],
            hsts: r.headers['strict-transport-security'] as string | undefined,
          });
        })
          .on('error', fail)
          .end();
      });
      expect(res.status).toBe(200);
      expect(res.cookies.join()).toMatch(/ct_login=[^;]+;.*Secure/);
      expect(res.hsts).toContain('max-age');
    } finally {
      await tls.close();
    }
  });
});
