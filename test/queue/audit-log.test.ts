import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordHash, type AuditRecord } from '../../src/audit/record.js';
import { createAuditLog, type AuditItem, type AuditLog } from '../../src/queue/audit-log.js';
import { verifyFile, verifyStream } from '../../src/audit/verify.js';
import { decisions } from '../audit/fixtures.js';
import { rewriteStream, testRedis } from '../audit/redis.js';

let env: ReturnType<typeof testRedis>;
let dir: string;
beforeEach(() => {
  env = testRedis();
  dir = mkdtempSync(join(tmpdir(), 'audit-'));
});
afterEach(async () => {
  await env.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

type Entry = [string, string[]];

/** The records of one stream entry, as stored. */
const recordsOf = (fields: string[]): AuditRecord[] => JSON.parse(fields[fields.indexOf('r') + 1]) as AuditRecord[];
const withRecords = (records: unknown[]): string[] => ['r', JSON.stringify(records)];

/** Appends `items` in calls of `per` records: one stream entry per call. */
async function appendEach(log: AuditLog, items: AuditItem[], per: number): Promise<AuditRecord[]> {
  const out: AuditRecord[] = [];
  for (let at = 0; at < items.length; at += per) out.push(...(await log.append(items.slice(at, at + per))));
  return out;
}

async function writeLog(
  key: string,
  n: number,
  per: number,
  retention?: { maxLen?: number; maxAgeMs?: number },
): Promise<AuditRecord[]> {
  const log = createAuditLog(env.redis, { key, ...(retention ? { retention } : {}) });
  const records = await appendEach(log, decisions(n), per);
  await log.close();
  return records;
}

const entriesOf = async (key: string) => (await env.redis.xrange(key, '-', '+')) as Entry[];

describe('audit stream log', () => {
  it('appends one chain from concurrent calls and concurrent writers, and verifies it', async () => {
    const key = `${env.prefix}audit`;
    const a = createAuditLog(env.redis, { key });
    const b = createAuditLog(env.redis, { key });
    const items = decisions(60);
    const written = await Promise.all(items.map((item, i) => (i % 2 ? a : b).append([item])));
    await Promise.all([a.close(), b.close()]);
    const seqs = written
      .flat()
      .map((r) => r.seq)
      .sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const result = await verifyStream(env.redis, key);
    expect(result).toMatchObject({ ok: true, checked: 60, start: 'genesis', head: { seq: 60 } });
  });

  it('stores one append as one stream entry, and indexes each entry by its first seq', async () => {
    const key = `${env.prefix}audit`;
    await writeLog(key, 10, 4);
    const entries = await entriesOf(key);
    expect(entries.map(([, f]) => recordsOf(f).map((r) => r.seq))).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10],
    ]);
    expect(await env.redis.zrange(`${key}:index`, 0, -1, 'WITHSCORES')).toEqual(
      entries.flatMap(([id], i) => [id, String(1 + 4 * i)]),
    );
    expect(JSON.parse((await env.redis.get(`${key}:head`))!)).toMatchObject({ seq: 10, entry: entries[2][0] });
  });

  it('writes what the caller adds in the same transaction as the records', async () => {
    const key = `${env.prefix}audit`;
    const log = createAuditLog(env.redis, { key });
    await log.append(decisions(3), { add: (tx) => void tx.set(`${env.prefix}along`, 'written') });
    await log.append([], { add: (tx) => void tx.set(`${env.prefix}alone`, 'written') });
    await log.close();
    expect(await env.redis.mget(`${env.prefix}along`, `${env.prefix}alone`)).toEqual(['written', 'written']);
    expect(await verifyStream(env.redis, key)).toMatchObject({ ok: true, checked: 3 });
  });

  it('waits for the turn of a writer that crashed holding it, then appends', async () => {
    const key = `${env.prefix}audit`;
    await writeLog(key, 2, 2);
    await env.redis.set(`${key}:lock`, 'crashed-writer', 'PX', 300);
    const started = Date.now();
    await writeLog(`${key}`, 2, 2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(await verifyStream(env.redis, key)).toMatchObject({ ok: true, checked: 4 });
  });

  it('catches a record altered in Redis, inside its entry', async () => {
    const key = `${env.prefix}audit`;
    await writeLog(key, 20, 5);
    await rewriteStream(env.redis, key, (es) =>
      es.map(([id, f], i) => [
        id,
        i === 1 ? withRecords(recordsOf(f).map((r, k) => (k === 2 ? { ...r, channel: 'yellow', score: 41 } : r))) : f,
      ]),
    );
    const entries = await entriesOf(key);
    expect((await verifyStream(env.redis, key)).break).toMatchObject({
      kind: 'altered',
      seq: 8,
      ref: `${entries[1][0]}#2`,
    });
  });

  it('catches a deleted entry, and a record cut out of one', async () => {
    const key = `${env.prefix}audit`;
    const records = await writeLog(key, 20, 4);
    const entries = await entriesOf(key);
    await rewriteStream(env.redis, key, (es) =>
      es.map(([id, f], i) => [id, i === 4 ? withRecords(recordsOf(f).slice(1)) : f]),
    );
    expect((await verifyStream(env.redis, key)).break).toMatchObject({
      kind: 'removed',
      seq: 18,
      ref: `${entries[4][0]}`,
    });
    await env.redis.xdel(key, entries[2][0]);
    const result = await verifyStream(env.redis, key);
    expect(result.break).toMatchObject({ kind: 'removed', seq: records[12].seq, ref: entries[3][0] });
    expect(result.break?.message).toContain('seqs 9–12 missing');
  });

  it('catches records swapped with their hashes kept, within an entry and across entries', async () => {
    const key = `${env.prefix}audit`;
    await writeLog(key, 10, 5);
    await rewriteStream(env.redis, key, (es) =>
      es.map(([id, f], i) => [id, i === 1 ? withRecords(recordsOf(f).reverse()) : f]),
    );
    expect((await verifyStream(env.redis, key)).break).toMatchObject({ kind: 'reordered', seq: 10 });

    const other = `${env.prefix}audit2`;
    await writeLog(other, 10, 2);
    await rewriteStream(env.redis, other, (es) => es.map(([id], i) => [id, es[i === 3 ? 4 : i === 4 ? 3 : i][1]]));
    expect((await verifyStream(env.redis, other)).break).toMatchObject({ kind: 'reordered', seq: 9 });
  });

  it('catches an altered record whose hash was recomputed', async () => {
    const key = `${env.prefix}audit`;
    await writeLog(key, 10, 1);
    const forge = (r: AuditRecord): AuditRecord => {
      const body = { ...r, channel: 'green' as const, score: 0, hits: [] };
      return { ...body, hash: recordHash(body) };
    };
    await rewriteStream(env.redis, key, (es) =>
      es.map(([id, f], i) => [id, i === 6 ? withRecords(recordsOf(f).map(forge)) : f]),
    );
    expect((await verifyStream(env.redis, key)).break).toMatchObject({ kind: 'altered', seq: 7 });
  });

  it('catches a cut tail and a deleted head key', async () => {
    const key = `${env.prefix}audit`;
    await writeLog(key, 10, 3);
    const last = (await env.redis.xrevrange(key, '+', '-', 'COUNT', 1)) as Entry[];
    await env.redis.xdel(key, last[0][0]);
    expect((await verifyStream(env.redis, key)).break).toMatchObject({ kind: 'truncated' });
    await env.redis.del(`${key}:head`);
    expect((await verifyStream(env.redis, key)).break?.message).toContain('head key');
  });

  it('verifies from a given entry id', async () => {
    const key = `${env.prefix}audit`;
    await writeLog(key, 10, 2);
    const entries = await entriesOf(key);
    await env.redis.xdel(key, entries[1][0]);
    expect((await verifyStream(env.redis, key)).ok).toBe(false);
    const fromThird = await verifyStream(env.redis, key, { from: entries[2][0] });
    expect(fromThird).toMatchObject({ ok: true, start: 'from', checked: 6, first: { seq: 5 } });
  });
});

describe('retention', () => {
  it('trims whole entries by count and still verifies from the anchor; a head cut past the anchor shows', async () => {
    const key = `${env.prefix}audit`;
    const log = createAuditLog(env.redis, { key, retention: { maxLen: 5 } });
    const records = await appendEach(log, decisions(12), 2);
    const trim = await log.trim();
    await log.close();
    // Records 8–12 must stay; 7 shares an entry with 8, so it stays too.
    expect(trim).toEqual({ trimmed: 6, anchor: { seq: 6, hash: records[5].hash } });
    expect(await env.redis.xlen(key)).toBe(3);
    expect(await env.redis.zcard(`${key}:index`)).toBe(3);
    expect(await verifyStream(env.redis, key)).toMatchObject({
      ok: true,
      start: 'anchor',
      checked: 6,
      first: { seq: 7 },
    });

    await env.redis.xtrim(key, 'MAXLEN', 1);
    expect((await verifyStream(env.redis, key)).break).toMatchObject({ kind: 'removed', seq: 11 });
  });

  it('keeps appending after a trim and catches a deleted anchor', async () => {
    const key = `${env.prefix}audit`;
    const log = createAuditLog(env.redis, { key, retention: { maxLen: 4 } });
    await appendEach(log, decisions(8), 1);
    await log.trim();
    await appendEach(log, decisions(3, 8), 1);
    await log.close();
    expect(await verifyStream(env.redis, key)).toMatchObject({ ok: true, checked: 7, last: { seq: 11 } });
    await env.redis.del(`${key}:anchor`);
    expect((await verifyStream(env.redis, key)).break).toMatchObject({ kind: 'removed', index: 0 });
  });

  it('trims by age, and everything when all is old, leaving a verifiable empty log', async () => {
    const key = `${env.prefix}audit`;
    const log = createAuditLog(env.redis, { key, retention: { maxAgeMs: 60_000 } });
    await appendEach(log, decisions(6), 2);
    expect((await log.trim()).trimmed).toBe(0);
    const later = new Date(Date.now() + 120_000);
    expect((await log.trim(later)).trimmed).toBe(6);
    expect(await verifyStream(env.redis, key)).toMatchObject({ ok: true, checked: 0, start: 'anchor' });
    await log.append(decisions(2, 6));
    await log.close();
    expect(await verifyStream(env.redis, key)).toMatchObject({ ok: true, checked: 2, first: { seq: 7 } });
  });

  it('trims automatically on append when due', async () => {
    const key = `${env.prefix}audit`;
    const log = createAuditLog(env.redis, { key, retention: { maxLen: 3 }, trimEveryMs: 0 });
    await appendEach(log, decisions(6), 1);
    await log.close();
    expect(await env.redis.xlen(key)).toBe(3);
    expect((await verifyStream(env.redis, key)).ok).toBe(true);
  });
});

describe('file mirror', () => {
  it('holds the whole chain in order, outlives trimming, and catches an edited line', async () => {
    const key = `${env.prefix}audit`;
    const file = join(dir, 'audit.ndjson');
    const a = createAuditLog(env.redis, { key, file, retention: { maxLen: 2 } });
    const b = createAuditLog(env.redis, { key });
    await a.append(decisions(4));
    await b.append(decisions(4, 4));
    await a.append(decisions(2, 8));
    await a.trim();
    await Promise.all([a.close(), b.close()]);
    expect(await verifyFile(file)).toMatchObject({ ok: true, checked: 10, start: 'genesis' });

    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    lines[5] = lines[5].replace('"score":10', '"score":11');
    writeFileSync(file, `${lines.join('\n')}\n`);
    expect((await verifyFile(file)).break).toMatchObject({ kind: 'altered', seq: 6 });
    lines.splice(5, 1);
    writeFileSync(file, `${lines.join('\n')}\n`);
    expect((await verifyFile(file)).break).toMatchObject({ kind: 'removed', seq: 7 });
  });
});
