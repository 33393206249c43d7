/**
 * The console's worklist on a day of 10,000 open red and yellow declarations:
 * server time (Redis reads + rendering, the Server-Timing header) of the first
 * page (200 rows, the default) and of all 10,000 rows on one page, the median
 * of several requests, for an analyst (all offices) and an officer (one office).
 * Runs on its own key prefix of REDIS_URL, removed afterwards. Bar: ≤ 500 ms.
 *
 *   npx tsx bench/console-worklist.ts [--declarations 10000] [--repeat 7]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../src/config/load.js';
import { indexCommands, runCommands, type IndexedDecision } from '../src/console/decisions-index.js';
import { consoleKeys } from '../src/console/keys.js';
import { worklistFilter } from '../src/console/routes/worklist.js';
import { startConsole } from '../src/console/server.js';
import { worklistPage } from '../src/console/views/worklist.js';
import { queryWorklist } from '../src/console/worklist-query.js';
import { UserStore } from '../src/console/users.js';
import { toConsignment } from '../src/declaration/validate.js';
import { createLogger } from '../src/log.js';
import { deleteQueueKeys } from '../src/queue/cleanup.js';
import { createRedis } from '../src/queue/connection.js';
import { flag } from './flags.js';

const N = Number(flag('declarations', '10000'));
const REPEAT = Number(flag('repeat', '7'));
const PASSWORD = 'bench-password-long-enough';
const OFFICES = ['SEA01', 'SEA02', 'AIR01', 'AIR02', 'RD01', 'RD02', 'RAIL01', 'PST01'];
const RULES = [
  'undervalued-against-hs-norm',
  'risky-origin-for-goods',
  'anti-dumping-circumvention',
  'tobacco-lane-gulf',
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const prefix = `bench-console-${randomBytes(4).toString('hex')}`;
const dir = mkdtempSync(join(tmpdir(), 'console-bench-'));
const env = { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', QUEUE_PREFIX: prefix };
const config = loadConfig(env);
const redis = createRedis(config);

function declaration(i: number): IndexedDecision {
  const score = 40 + (i % 61);
  const at = new Date(Date.now() - (N - i) * 1000).toISOString();
  const rules = [RULES[i % RULES.length], RULES[(i + 1) % RULES.length]];
  return {
    decision: {
      id: `B${String(i).padStart(7, '0')}`,
      score,
      channel: score >= 70 ? 'red' : 'yellow',
      hits: rules.map((rule, k) => ({
        rule,
        points: 20 + k * 10,
        reason: `Declared value 41 % under the HS 610910 norm for importer IM${i}`,
      })),
      ruleset: 'default@000000000000',
      decidedAt: at,
    },
    consignment: toConsignment({
      id: `B${String(i).padStart(7, '0')}`,
      office: OFFICES[i % OFFICES.length],
      importer: `IM${i}`,
      hsCode: '610910',
      value: 1000 + i,
    }),
  };
}

try {
  const items = Array.from({ length: N }, (_, i) => declaration(i));
  for (let i = 0; i < N; i += 1000)
    await runCommands(redis, indexCommands(items.slice(i, i + 1000), { prefix, retentionDays: 1 }));
  const users = new UserStore(join(dir, 'users.json'));
  await users.add('analyst', 'analyst', [], PASSWORD);
  await users.add('officer', 'officer', ['SEA01'], PASSWORD);
  const running = await startConsole({
    config,
    usersFile: users.file,
    port: 0,
    host: '127.0.0.1',
    logger: createLogger('bench', 'warn'),
  });
  const session = async (name: string) => {
    const form = await fetch(`${running.url}login`);
    const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
    const res = await fetch(`${running.url}login`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie: form.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; '),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ _csrf: token, name, password: PASSWORD }),
    });
    return res.headers
      .getSetCookie()
      .find((c) => c.startsWith('ct_session='))!
      .split(';')[0];
  };
  const cases: [string, string, string][] = [
    ['analyst, first page (200 rows)', 'analyst', 'worklist?status=open'],
    [`analyst, all ${N} rows on one page`, 'analyst', `worklist?status=open&limit=${N}`],
    [
      'analyst, highest score first, red only, all rows',
      'analyst',
      `worklist?status=open&sort=score&channel=red&limit=${N}`,
    ],
    ['officer of one office (of 8), all its rows', 'officer', `worklist?status=open&limit=${N}`],
  ];
  const load = (await import('node:os')).loadavg()[0].toFixed(1);
  process.stdout.write(
    `worklist of ${N} open declarations, median of ${REPEAT} requests (server time: Redis reads + rendering; load average ${load})\n`,
  );
  for (const [label, user, path] of cases) {
    const cookie = await session(user);
    const server: number[] = [];
    const total: number[] = [];
    let rows = 0;
    for (let r = 0; r < REPEAT; r++) {
      const t0 = performance.now();
      const res = await fetch(`${running.url}${path}`, { headers: { cookie } });
      const body = await res.text();
      total.push(performance.now() - t0);
      server.push(Number(/dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1]));
      rows = (body.match(/<tr>/g) ?? []).length - 1;
    }
    process.stdout.write(
      `  ${label.padEnd(52)} ${String(rows).padStart(6)} rows  server ${median(server).toFixed(1).padStart(6)} ms  round trip ${median(total).toFixed(1).padStart(6)} ms\n`,
    );
  }
  await running.close();

  // The same work without HTTP, with the CPU time it took: on a shared machine wall time also counts the wait for a core.
  const keys = consoleKeys(prefix);
  const viewer = { user: users.get('analyst')!, csrf: 'x' };
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < REPEAT; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const filter = worklistFilter(
      { status: 'open', limit: String(N) },
      new Date().toISOString().slice(0, 10),
      undefined,
    );
    const result = await queryWorklist(redis, keys, filter);
    worklistPage(viewer, { filter, result, offices: [], rules: [], days: [], redact: (_row, t) => t });
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  process.stdout.write(
    `  ${`in process, all ${N} rows (query + render)`.padEnd(52)} ${String(N).padStart(6)} rows  wall   ${median(wall).toFixed(1).padStart(6)} ms  console CPU ${median(cpu).toFixed(1).padStart(6)} ms\n`,
  );
} finally {
  await deleteQueueKeys(redis, prefix);
  await redis.quit();
  rmSync(dir, { recursive: true, force: true });
}
