import { randomUUID } from 'node:crypto';
import { appendRecords, GENESIS } from '../src/audit/chain.js';
import { auditKeys } from '../src/audit/keys.js';
import { auditEntry, consignmentHash } from '../src/audit/record.js';
import { verifyStream } from '../src/audit/verify.js';
import type { Consignment } from '../src/declaration/record.js';
import type { Decision } from '../src/decision/decision.js';
import { createAuditLog, type AuditItem } from '../src/queue/audit-log.js';
import type { RedisClient } from '../src/queue/connection.js';

export interface BenchRow {
  case: string;
  records: number;
  /** Median over the repetitions. */
  perSecond: number;
}

function items(n: number): (AuditItem & { consignment: Consignment })[] {
  return Array.from({ length: n }, (_, i) => {
    const decision: Decision = {
      id: `B${i}`,
      score: i % 100,
      channel: i % 3 === 0 ? 'red' : 'green',
      hits:
        i % 3 === 0
          ? [{ rule: 'undervalued', points: 80, reason: 'declared value far below the reference price' }]
          : [],
      ruleset: 'default@0123456789ab',
      decidedAt: new Date().toISOString(),
    };
    return {
      decision,
      consignment: {
        id: `B${i}`,
        importer: `IMP${i % 97}`,
        hsCode: '610910',
        origin: 'CN',
        value: 1000 + i,
        extra: {},
      },
    };
  });
}

async function timed(run: () => Promise<void>): Promise<number> {
  const t = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Audit-trail throughput: hashing alone, appends as the worker makes them (one
 * call per job, many jobs in flight, one or two writers), and verification.
 * Every case runs on keys of its own, removed afterwards.
 */
export async function benchAudit(redis: RedisClient, opts: { records: number; repeat: number }): Promise<BenchRow[]> {
  const data = items(opts.records);
  const cases: [string, (key: string) => Promise<void>][] = [
    [
      'hash only (appendRecords)',
      async () =>
        void appendRecords(
          GENESIS,
          data.map((i) => auditEntry(i.decision, consignmentHash(i.consignment))),
        ),
    ],
    [
      'append 1 record/call, 1 in flight',
      async (key) => {
        const log = createAuditLog(redis, { key });
        for (const item of data) await log.append([item]);
        await log.close();
      },
    ],
    ['append 1 record/call, 64 in flight', async (key) => inFlight([createAuditLog(redis, { key })], data, 64)],
    [
      'append 1 record/call, 64 in flight, 2 writers',
      async (key) => inFlight([createAuditLog(redis, { key }), createAuditLog(redis, { key })], data, 64),
    ],
    ['append 100 records/call, 8 in flight', async (key) => inFlight([createAuditLog(redis, { key })], data, 8, 100)],
  ];
  const rows: BenchRow[] = [];
  const keys: string[] = [];
  for (const [name, run] of cases) {
    const rates: number[] = [];
    for (let r = 0; r < opts.repeat; r++) {
      const key = `bench:audit:${randomUUID().slice(0, 8)}`;
      keys.push(key);
      rates.push(opts.records / (await timed(() => run(key))));
    }
    rows.push({ case: name, records: opts.records, perSecond: median(rates) });
  }
  const verifyRates: number[] = [];
  for (let r = 0; r < opts.repeat; r++) {
    let result: { ok: boolean } | undefined;
    verifyRates.push(
      opts.records / (await timed(async () => void (result = await verifyStream(redis, keys[keys.length - 1])))),
    );
    if (!result?.ok) throw new Error('bench: the benchmark log does not verify');
  }
  rows.push({ case: 'verify (stream)', records: opts.records, perSecond: median(verifyRates) });
  for (const key of keys) await redis.del(...Object.values(auditKeys(key)));
  return rows;
}

async function inFlight(
  logs: ReturnType<typeof createAuditLog>[],
  data: AuditItem[],
  depth: number,
  perCall = 1,
): Promise<void> {
  let next = 0;
  const lane = async (l: number) => {
    for (;;) {
      const at = next;
      next += perCall;
      if (at >= data.length) return;
      await logs[l % logs.length].append(data.slice(at, at + perCall));
    }
  };
  await Promise.all(Array.from({ length: depth * logs.length }, (_, l) => lane(l)));
  await Promise.all(logs.map((log) => log.close()));
}
