import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordHash, type AuditRecord } from '../../src/audit/record.js';
import { createAuditLog } from '../../src/audit/stream-log.js';
import { verifyFile, verifyStream } from '../../src/audit/verify.js';
import { decisions } from './fixtures.js';
import { rewriteStream, testRedis } from './redis.js';

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

const editRecord = (fields: string[], edit: (r: AuditRecord) => AuditRecord): string[] => ['r', JSON.stringify(edit(JSON.parse(fields[1]) as AuditRecord))];

describe('audit stream log', () => {
  it('appends one chain from concurrent calls and concurrent writers, and verifies it', async () => {
    const key = `${env.prefix}audit`;
    const a = createAuditLog(env.redis, { key });
    const b = createAuditLog(env.redis, { key });
    const items = decisions(60);
    const written = await Promise.all(items.map((item, i) => (i % 2 ? a : b).append([item])));
    await Promise.all([a.close(), b.close()]);
    const seqs = written.flat().map((r) => r.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const result = await verifyStream(env.redis, key);
    expect(result).toMatchObject({ ok: true, checked: 60, start: 'genesis', head: { seq: 60 } });
  });

  it('catches a record altered in Redis', async () => {
    const key = `${env.prefix}audit`;
    const log = createAuditLog(env.redis, { key });
    await log.append(decisions(20));
    await log.close();

    await rewriteStream(env.redis, key, (es) => es.map(([id, f], i) => [id, i === 7 ? editRecord(f, (r) => ({ ...r, channel: 'yellow', score: 41 })) : f]));
    expect((await verifyStream(env.redis, key)).break).toMatchObject({ kind: 'altered', seq: 8 });
  });

  it('catches a deleted record', async () => {
    const key = `${env.prefix}audit`;
    const log = createAuditLog(env.redis, { key });
    const records = await log.append(decisions(20));
    await log.close();
    const entries = (await env.redis.xrange(key, '-', '+')) as [string, string[]][];
    await env.redis.xdel(key, entries[11][0]);
    const result = await verifyStream(env.redis, key);
    expect(result.break).toMatchObject({ kind: 'removed', seq: records[12].seq, ref: entries[12][0] });
  });

  it('catches records swapped with their hashes kept', async () => {
    const key = `${env.prefix}audit`;
    const log = createAuditLog(env.redis, { key });
    await log.append(decisions(10));
    await log.close();
    await rewriteStream(env.redis, key, (es) => es.map(([id], i) => [id, es[i === 3 ? 4 : i === 4 ? 3 : i][1]]));
    expect((await verifyStream(env.redis, key)).break).toMatchObject({ kind: 'reordered', seq: 5 });
  });

  it('catches an altered record whose hash was recomputed', async () => {
    const key = `${env.prefix}audit`;
    const log = createAuditLog(env.redis, { key });
    await log.append(decisions(10));
    await log.close();
    const forge = (r: AuditRecord): AuditRecord => {
      const body = { ...r, channel: 'green' as const, score: 0, hits: [] };
      return { ...body, hash: recordHash(body) };
    };
    await rewriteStream(env.redis, key, (es) => es.map(([id, f], i) => [id, i === 6 ? editRecord(f, forge) : f]));
    expect((await verifyStream(env.redis, key)).break).toMatchObject({ kind: 'altered', seq: 7 });
  });

  it('catches a cut tail and a deleted head key', async () => {
    const key = `${env.prefix}audit`;
    const log = createAuditLog(env.redis, { key });
    await log.append(decisions(10));
    await log.close();
    const last = (await env.redis.xrevrange(key, '+', '-', 'COUNT', 2)) as [string, string[]][];
    await env.redis.xdel(key, last[0][0], last[1][0]);
    expect((await verifyStream(env.redis, key)).break).toMatchObject({ kind: 'truncated' });
    await env.redis.del(`${key}:head`);
    expect((await verifyStream(env.redis, key)).break?.message).toContain('head key');
  });

  it('verifies from a given entry id', async () => {
    const key = `${env.prefix}audit`;
    const log = createAuditLog(env.redis, { key });
    await log.append(decisions(10));
    await log.close();
    const entries = (await env.redis.xrange(key, '-', '+')) as [string, string[]][];
    await env.redis.xdel(key, entries[1][0]);
    expect((await verifyStream(env.redis, key)).ok).toBe(false);
    const fromFifth = await verifyStream(env.redis, key, { from: entries[4][0] });
    expect(fromFifth).toMatchObject({ ok: true, start: 'from', checked: 6, first: { seq: 5 } });
  });
});

describe('retention', () => {
  it('trims by count and still verifies from the anchor; a head cut past the anchor shows', async () => {
    const key = `${env.prefix}audit`;
    const log = createAuditLog(env.redis, { key, retention: { maxLen: 5 } });
    const records = await log.append(decisions(12));
    const trim = await log.trim();
    await log.close();
    expect(trim).toEqual({ trimmed: 7, anchor: { seq: 7, hash: records[6].hash } });
    expect(await env.redis.xlen(key)).toBe(5);
    expect(await verifyStream(env.redis, key)).toMatchObject({ ok: true, start: 'anchor', checked: 5, first: { seq: 8 } });

    await env.redis.xtrim(key, 'MAXLEN', 3);
    expect((await verifyStream(env.redis, key)).break).toMatchObject({ kind: 'removed', seq: 10 });
  });

  it('keeps appending after a trim and catches a deleted anchor', async () => {
    const key = `${env.prefix}audit`;
    const log = createAuditLog(env.redis, { key, retention: { maxLen: 4 } });
    await log.append(decisions(8));
    await log.trim();
    await log.append(decisions(3, 8));
    await log.close();
    expect(await verifyStream(env.redis, key)).toMatchObject({ ok: true, checked: 7, last: { seq: 11 } });
    await env.redis.del(`${key}:anchor`);
    expect((await verifyStream(env.redis, key)).break).toMatchObject({ kind: 'removed', index: 0 });
  });

  it('trims by age, and everything when all is old, leaving a verifiable empty log', async () => {
    const key = `${env.prefix}audit`;
    const log = createAuditLog(env.redis, { key, retention: { maxAgeMs: 60_000 } });
    await log.append(decisions(6));
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
    await log.append(decisions(5));
    await log.append(decisions(1, 5));
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
