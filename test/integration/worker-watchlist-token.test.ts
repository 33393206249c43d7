import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPseudonymiser } from '../../src/share/pseudonymise.js';
import type { SpawnedWorker } from '../../src/queue/spawn-worker.js';
import { startWorker, testQueues, waitForDecisions, type TestQueues } from './harness.js';

const KEY = 'shared-key-between-two-administrations-0123456789';

describe('a worker with WATCHLIST_KEY_ENV', () => {
  const dir = mkdtempSync(join(tmpdir(), 'targeting-token-'));
  let t: TestQueues | undefined;
  let worker: SpawnedWorker | undefined;
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("matches a partner's tokenised watchlist entry, as `targeting score` does", async () => {
    const rules = join(dir, 'rules');
    mkdirSync(join(rules, 'watchlists'), { recursive: true });
    copyFileSync('rules/default.json', join(rules, 'default.json'));
    const token = createPseudonymiser(Buffer.from(KEY)).token('IMP-77');
    writeFileSync(
      join(rules, 'watchlists', 'from-be.csv'),
      `type,id,source,reason,validUntil,confidentiality\nimporter,${token},BE-AGD,front company,2099-01-01,restricted\n`,
    );
    t = testQueues('token');
    worker = startWorker(t, { RULES_DIR: rules, WATCHLIST_KEY_ENV: 'AB_KEY', AB_KEY: KEY });
    const base = { hsCode: '610910', origin: 'CN', value: 1000, weight: 100 };
    await t.consignments.add('consignment', { id: 'T1', importer: 'IMP-77', ...base }, { jobId: 'c-T1' });
    await t.consignments.add('consignment', { id: 'T2', importer: 'IMP-78', ...base }, { jobId: 'c-T2' });
    const decisions = await waitForDecisions(t.decisions, 2);
    const listed = (id: string) =>
      decisions.find((d) => d.id === id)!.hits.filter((h) => h.rule === 'watchlisted-importer');
    expect(listed('T1')).toHaveLength(1);
    expect(listed('T1')[0].reason).toContain('BE-AGD');
    expect(listed('T2')).toHaveLength(0);
  });
});
