import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEntry } from '../../src/audit/keys.js';
import { consignmentHash } from '../../src/audit/record.js';
import { limitedDecider, parsePurpose } from '../../src/config/purpose.js';
import { createDecider } from '../../src/decision/decide.js';
import { loadRuleSet } from '../../src/ruleset/load.js';
import { toConsignment } from '../../src/declaration/validate.js';
import { bullConnection, DEFAULT_REDIS_URL, redisOptions } from '../../src/queue/connection.js';
import { hashTaggedPrefix, ownKey } from '../../src/queue/names.js';

const WORKER = resolve('dist/workers/scoring-worker.js');
const redisUrl = process.env.REDIS_URL ?? DEFAULT_REDIS_URL;
const prefix = `purpose${randomUUID().slice(0, 8)}`;
const dir = mkdtempSync(join(tmpdir(), 'purpose-'));
const redis = new Redis({ ...redisOptions(redisUrl), maxRetriesPerRequest: 1 });

afterAll(async () => {
  const keys = await redis.keys(`${hashTaggedPrefix(prefix)}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe('purpose limitation in a running worker', () => {
  it('scores on the readable fields, emits only allowed decision fields, audits the consignment as received', async () => {
    const purposeFile = join(dir, 'purpose.json');
    // Without `origin`, lane rules cannot fire: the decision must be the one made on the readable fields.
    const policy = {
      purpose: 'risk targeting of imports',
      read: ['hsCode', 'departure', 'value', 'weight'],
      emit: ['channel', 'ruleset'],
    };
    writeFileSync(purposeFile, JSON.stringify(policy));
    const raw = {
      id: 'P-1',
      hsCode: '240220',
      origin: 'AE',
      value: 10,
      weight: 500,
      importer: 'IMP-P',
      note: 'not for rules',
    };
    const full = createDecider({ ruleset: loadRuleSet(resolve('rules')) });
    const rules = (d: { hits: { rule: string }[] }) => d.hits.map((h) => h.rule).sort();
    const expected = rules(limitedDecider(full, parsePurpose(policy)).decide(toConsignment(raw)));
    expect(expected).not.toEqual(rules(full.decide(toConsignment(raw))));
    const worker = spawn(process.execPath, [WORKER], {
      env: {
        ...process.env,
        REDIS_URL: redisUrl,
        QUEUE_PREFIX: prefix,
        RULES_DIR: resolve('rules'),
        HOT_RELOAD: '0',
        PURPOSE_FILE: purposeFile,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    worker.stderr!.on('data', (c: Buffer) => (log += c.toString()));
    const connection = bullConnection({ redisUrl });
    const consignments = new Queue('consignments', { connection, prefix: hashTaggedPrefix(prefix) });
    const decisions = new Queue('decisions', { connection, prefix: hashTaggedPrefix(prefix) });
    const events = new QueueEvents('consignments', { connection, prefix: hashTaggedPrefix(prefix) });
    try {
      await events.waitUntilReady();
      const job = await consignments.add('c', raw);
      await job.waitUntilFinished(events, 30_000);

      const [emitted] = await decisions.getJobs(['waiting'], 0, 0);
      const decision = emitted.data.decisions[0] as Record<string, unknown>;
      expect(Object.keys(decision).sort()).toEqual(['channel', 'id', 'ruleset']);

      const [entry] = (await redis.xrange(ownKey(prefix, 'audit'), '-', '+')) as [string, string[]][];
      const [record] = parseEntry(entry).records as { consignment: string; hits: { rule: string }[] }[];
      expect(record.consignment).toBe(consignmentHash(toConsignment(raw)));
      expect(rules(record)).toEqual(expected);
    } finally {
      worker.kill('SIGTERM');
      await new Promise((r) => worker.once('exit', r));
      await Promise.all([consignments.close(), decisions.close(), events.close()]);
    }
    expect(log).not.toContain('IMP-P');
  });
});
