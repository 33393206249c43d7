import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SpawnedWorker } from '../../src/queue/spawn-worker.js';
import { startWorker, testQueues, waitForDecisions, type TestQueues } from './harness.js';

const rule = (name: string, all: unknown[], points: number, reason: string) => ({
  name,
  conditions: { all },
  event: { type: 'risk' },
  points,
  reason,
});

describe('a worker deciding declarations with goods items', () => {
  const dir = mkdtempSync(join(tmpdir(), 'targeting-header-'));
  let t: TestQueues | undefined;
  let worker: SpawnedWorker | undefined;
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs header-level rules after the items, as targeting score does', async () => {
    const rules = join(dir, 'rules');
    mkdirSync(rules);
    writeFileSync(
      join(rules, 'set.json'),
      JSON.stringify({
        name: 'header',
        version: '1',
        thresholds: { red: 70, yellow: 40 },
        rules: [
          rule(
            'handbags-vn',
            [
              { fact: 'hs4', operator: 'equal', value: '4202' },
              { fact: 'origin', operator: 'equal', value: 'VN' },
            ],
            45,
            'Item {{itemNumber}}: HS {{hsCode}} from {{origin}}',
          ),
          rule(
            'mixed-origins',
            [
              { fact: 'declaration.maxItemScore', operator: 'greaterThanInclusive', value: 40 },
              { fact: 'declaration.distinctOrigins', operator: 'greaterThan', value: 1 },
            ],
            30,
            'Suspect item among {{declaration.distinctOrigins}} origins',
          ),
        ],
      }),
    );
    t = testQueues('header');
    worker = startWorker(t, { RULES_DIR: rules });
    const items = [
      { hsCode: '610910', origin: 'CN', value: 100 },
      { hsCode: '420221', origin: 'VN', value: 100 },
    ];
    await t.consignments.add('consignment', { id: 'H1', items }, { jobId: 'c-H1' });
    const [d] = await waitForDecisions(t.decisions, 1);
    expect(d.hits.map((h) => h.rule).sort()).toEqual(['handbags-vn', 'mixed-origins']);
    expect(d.hits.find((h) => h.rule === 'handbags-vn')?.item).toBe(2);
    expect(d.score).toBe(75);
    expect(d.channel).toBe('red');
  });
});
