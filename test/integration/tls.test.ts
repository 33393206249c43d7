import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, QueueEvents, type ConnectionOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCORING_WORKER_SCRIPT, spawnWorker } from '../../src/queue/spawn-worker.js';
import { freePort } from '../../src/demo/throwaway-redis.js';
import { runCli } from '../cli/run-cli.js';
import { dashboardQueues } from './dashboard-process.js';
import { TEST_RULES, waitFor } from './harness.js';
import { startRedisProcess, type RedisProcess } from './redis-process.js';

const dir = mkdtempSync(join(tmpdir(), 'targeting-tls-'));
const file = (name: string) => join(dir, name);
const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });

/** A CA of the test's own, and a server certificate it signs for `san` (e.g. IP:127.0.0.1). */
function serverCertificate(name: string, san: string): void {
  openssl(
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    file(`${name}.key`),
    '-out',
    file(`${name}.csr`),
    '-subj',
    `/CN=${name}`,
  );
  writeFileSync(file(`${name}.ext`), `subjectAltName=${san}\n`);
  openssl(
    'x509',
    '-req',
    '-in',
    file(`${name}.csr`),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-out',
    file(`${name}.pem`),
    '-days',
    '1',
    '-extfile',
    file(`${name}.ext`),
  );
}

/** A TLS-only redis-server with the named certificate; the readiness probe trusts the CA and skips the host-name check. */
async function tlsRedis(name: string): Promise<RedisProcess> {
  const ca = readFileSync(file('ca.pem'));
  return startRedisProcess(
    (port) => [
      '--port',
      '0',
      '--tls-port',
      String(port),
      '--tls-cert-file',
      file(`${name}.pem`),
      '--tls-key-file',
      file(`${name}.key`),
      '--tls-ca-cert-file',
      file('ca.pem'),
      '--tls-auth-clients',
      'no',
    ],
    async (port) => {
      const probe = new Redis({
        ...tlsClient(port, ca),
        tls: { ca, checkServerIdentity: () => undefined },
        lazyConnect: true,
        retryStrategy: () => null,
      });
      probe.on('error', () => {});
      const ok = await probe
        .connect()
        .then(() => probe.ping())
        .then(
          () => true,
          () => false,
        );
      probe.disconnect();
      return ok;
    },
  );
}

/** The test's own client: it trusts the CA directly (the worker gets it through NODE_EXTRA_CA_CERTS). */
const tlsClient = (port: number, ca: Buffer): RedisOptions => ({
  host: '127.0.0.1',
  port,
  tls: { ca, servername: 'localhost' },
  maxRetriesPerRequest: null,
});

/** What a process printed besides its ordinary (info and below) JSON log lines. */
function problemLines(log: string): string[] {
  return log.split('\n').filter((l) => {
    if (l.trim() === '') return false;
    try {
      return (JSON.parse(l) as { level: number }).level > 30;
    } catch {
      return true;
    }
  });
}

describe('Redis over TLS with a private CA', () => {
  let good: RedisProcess;
  let wrongHost: RedisProcess;
  beforeAll(async () => {
    openssl(
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      file('ca.key'),
      '-out',
      file('ca.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=targeting-test-ca',
    );
    serverCertificate('server', 'DNS:localhost,IP:127.0.0.1');
    serverCertificate('elsewhere', 'DNS:redis.elsewhere.example');
    good = await tlsRedis('server');
    wrongHost = await tlsRedis('elsewhere');
  });
  afterAll(async () => {
    await good?.stop();
    await wrongHost?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const worker = (port: number, env: Record<string, string>) =>
    spawnWorker(SCORING_WORKER_SCRIPT, {
      REDIS_URL: `rediss://127.0.0.1:${port}`,
      QUEUE_PREFIX: 'tls-test',
      RULES_DIR: TEST_RULES,
      HOT_RELOAD: '0',
      NODE_EXTRA_CA_CERTS: '',
      ...env,
    });

  it('works with the CA (rediss:// and NODE_EXTRA_CA_CERTS)', async () => {
    const w = worker(good.port, { NODE_EXTRA_CA_CERTS: file('ca.pem') });
    const connection = new Redis(tlsClient(good.port, readFileSync(file('ca.pem'))));
    const consignments = new Queue('consignments', { connection, prefix: '{tls-test}' });
    const events = new QueueEvents('consignments', {
      connection: tlsClient(good.port, readFileSync(file('ca.pem'))) as ConnectionOptions,
      prefix: '{tls-test}',
    });
    try {
      await w.ready;
      await events.waitUntilReady();
      const job = await consignments.add('c', { id: 'TLS-1', value: 10 });
      expect(await job.waitUntilFinished(events, 30_000)).toMatchObject({ decided: 1 });
      expect(problemLines(w.log())).toEqual([]);
    } finally {
      await w.stop();
      await Promise.all([consignments.close(), events.close()]);
      connection.disconnect();
    }
  });

  it('the commands reach it with the same settings (submit, results, audit verify, dashboard), and stop with one line without the CA', async () => {
    const env = {
      REDIS_URL: `rediss://127.0.0.1:${good.port}`,
      QUEUE_PREFIX: 'tls-cli',
      NODE_EXTRA_CA_CERTS: file('ca.pem'),
    };
    const w = worker(good.port, env);
    try {
      await w.ready;
      writeFileSync(
        file('in.ndjson'),
        ['TLS-C1', 'TLS-C2', 'TLS-C3'].map((id) => `{"id":"${id}","value":5}\n`).join(''),
      );
      const submitted = runCli(['submit', file('in.ndjson')], { env });
      expect(submitted.status, submitted.stderr).toBe(0);
      // `results` consumes what is there: read until the three decisions came out.
      const read: string[] = [];
      await waitFor(
        () => {
          const results = runCli(['results'], { env });
          expect(results.status, results.stderr).toBe(0);
          read.push(...results.stdout.split('\n').filter(Boolean));
          return read.length >= 3;
        },
        30_000,
        'three decisions read over TLS',
      );
      expect(read.map((l) => (JSON.parse(l) as { id: string }).id).sort()).toEqual(['TLS-C1', 'TLS-C2', 'TLS-C3']);
      const verify = runCli(['audit', 'verify'], { env });
      expect(verify.status, verify.stderr).toBe(0);
      expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, checked: 3 });
      const shown = await dashboardQueues(env);
      expect(shown.map((q) => q.name).sort()).toEqual(['consignments', 'decisions', 'feedback', 'rejected']);
      const commands = [
        ['results'],
        ['audit', 'verify'],
        ['submit', file('in.ndjson')],
        ['dashboard', '--port', String(await freePort())],
      ];
      for (const args of commands) {
        const refused = runCli(args, { env: { ...env, NODE_EXTRA_CA_CERTS: '' } });
        expect(refused.status, args.join(' ')).not.toBe(0);
        const lines = refused.stderr.trim().split('\n');
        expect(lines, `${args.join(' ')}: ${refused.stderr}`).toHaveLength(1);
        expect(lines[0]).toMatch(/Redis at rediss:\/\/127\.0\.0\.1:\d+: the TLS connection does not verify/);
      }
    } finally {
      await w.stop();
    }
  }, 60_000);

  it('exits 1 with one line without the CA, and with the CA when the certificate names another host', async () => {
    for (const [port, env, problem] of [
      [good.port, {}, /self[- ]signed|unable to (verify|get)/i],
      [wrongHost.port, { NODE_EXTRA_CA_CERTS: file('ca.pem') }, /does not match|altnames/i],
    ] as const) {
      const w = worker(port, env);
      await expect(w.ready).rejects.toThrow(/exited \(code 1\)/);
      const lines = problemLines(w.log());
      expect(lines.length, w.log()).toBe(1);
      expect(lines[0]).toMatch(
        /^error: field "REDIS_URL": Redis at rediss:\/\/127\.0\.0\.1:\d+: the TLS connection does not verify/,
      );
      expect(lines[0]).toMatch(problem);
    }
  });
});
