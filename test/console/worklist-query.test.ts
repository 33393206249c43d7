import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexCommands, runCommands } from '../../src/console/decisions-index.js';
import { statusCommands, readDeclaration } from '../../src/console/declarations.js';
import { consoleKeys } from '../../src/console/keys.js';
import { queryWorklist, type WorklistFilter } from '../../src/console/worklist-query.js';
import { toConsignment } from '../../src/declaration/validate.js';
import { deleteQueueKeys } from '../../src/queue/cleanup.js';
import { createRedis } from '../../src/queue/connection.js';
import { REDIS_URL } from './fixture.js';

const prefix = `test-worklist-${process.pid}`;
const redis = createRedis({ redisUrl: REDIS_URL });
const keys = consoleKeys(prefix);
// Today: the index expires days past their retention, so an old day would be gone at once.
const day = new Date().toISOString().slice(0, 10);
const OFFICES = ['A', 'B', 'C'];

beforeAll(async () => {
  const items = Array.from({ length: 30 }, (_, i) => ({
    decision: {
      id: `W${String(i).padStart(2, '0')}`,
      score: 40 + i,
      channel: (40 + i >= 60 ? 'red' : 'yellow') as 'red' | 'yellow',
      hits: [{ rule: i % 2 ? 'odd' : 'even', points: 40 + i, reason: 'r' }],
      ruleset: 'default@000000000000',
      decidedAt: new Date(Date.parse(`${day}T00:00:00Z`) + (30 - i) * 60_000).toISOString(),
      ...(i % 10 === 0 ? { selection: 'random' as const } : {}),
    },
    consignment: toConsignment({ id: `W${String(i).padStart(2, '0')}`, office: OFFICES[i % 3] }),
  }));
  await runCommands(redis, indexCommands(items, { prefix, retentionDays: 1 }));
  for (const [id, status] of [
    ['W03', 'inspection'],
    ['W06', 'done'],
  ] as const) {
    const d = (await readDeclaration(redis, keys, id))!;
    const tx = redis.multi();
    statusCommands(tx, keys, d, status, 1);
    await tx.exec();
  }
});
afterAll(async () => {
  await deleteQueueKeys(redis, prefix);
  await redis.quit();
});

const q = (f: Partial<WorklistFilter>) =>
  queryWorklist(redis, keys, { day, sort: 'time', offset: 0, limit: 100, ...f });
const ids = async (f: Partial<WorklistFilter>) => (await q(f)).rows.map((r) => r.id);

describe('worklist query', () => {
  it('orders newest or highest score first, and pages', async () => {
    expect((await ids({})).slice(0, 3)).toEqual(['W00', 'W01', 'W02']);
    expect((await ids({ sort: 'score' })).slice(0, 3)).toEqual(['W29', 'W28', 'W27']);
    const page = await q({ sort: 'score', offset: 3, limit: 2 });
    expect(page.total).toBe(30);
    expect(page.rows.map((r) => r.id)).toEqual(['W26', 'W25']);
  });

  it('filters by channel, office, rule, selection and status, together', async () => {
    expect((await q({ channel: 'red' })).total).toBe(10);
    expect(await ids({ office: 'B', rule: 'odd', sort: 'score' })).toEqual(['W25', 'W19', 'W13', 'W07', 'W01']);
    expect(await ids({ selection: 'random' })).toEqual(['W00', 'W10', 'W20']);
    expect((await q({ selection: 'rule' })).total).toBe(27);
    expect(await ids({ status: 'inspection' })).toEqual(['W03']);
    expect(await ids({ status: 'done' })).toEqual(['W06']);
    const open = await q({ status: 'open' });
    expect(open.total).toBe(28);
    expect(open.rows.every((r) => r.status === 'open')).toBe(true);
    expect((await q({})).rows.find((r) => r.id === 'W03')!.status).toBe('inspection');
  });

  it('keeps an officer to their offices, one or several, even when asking for another', async () => {
    expect((await q({ offices: ['A'] })).rows.every((r) => r.office === 'A')).toBe(true);
    const two = await q({ offices: ['A', 'C'], status: 'open' });
    expect(two.rows.every((r) => r.office === 'A' || r.office === 'C')).toBe(true);
    expect(two.total).toBe(18); // 20 of A and C, less W03 (in inspection) and W06 (done)
    expect(await q({ offices: ['A'], office: 'B' })).toEqual({ total: 0, rows: [] });
  });
});
