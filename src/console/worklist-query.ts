import { randomBytes } from 'node:crypto';
import type { RedisClient as Redis } from '../queue/connection.js';
import type { WorklistRow } from './decisions-index.js';
import type { ConsoleKeys, Facet, Status } from './keys.js';

export interface WorklistFilter {
  day: string;
  sort: 'time' | 'score';
  channel?: string;
  office?: string;
  rule?: string;
  selection?: string;
  status?: Status;
  /** The offices the user may see; undefined: all. */
  offices?: readonly string[];
  offset: number;
  limit: number;
}

export interface WorklistEntry extends WorklistRow {
  status: Status;
}

export interface WorklistPage {
  total: number;
  rows: WorklistEntry[];
}

/**
 * One page of a day's worklist, newest or highest score first: the day's
 * sorted set intersected, in Redis, with the sets of the chosen channel,
 * office, rule and selection (and the user's offices), the open ones being
 * those in neither status set. Two round trips whatever the day's size.
 */
export async function queryWorklist(redis: Redis, keys: ConsoleKeys, f: WorklistFilter): Promise<WorklistPage> {
  const base = f.sort === 'score' ? keys.byScore(f.day) : keys.byTime(f.day);
  if (f.office !== undefined && f.offices && !f.offices.includes(f.office)) return { total: 0, rows: [] };
  const token = randomBytes(6).toString('hex');
  const scratch = (n: number) => keys.scratch(`${token}:${n}`);
  const tx = redis.multi();
  const temps: string[] = [];
  const filters: string[] = [];
  const facet = (name: Facet, v: string | undefined) => v !== undefined && filters.push(keys.facet(f.day, name, v));
  facet('channel', f.channel);
  facet('office', f.office);
  facet('rule', f.rule);
  facet('selection', f.selection);
  if (f.office === undefined && f.offices) {
    if (f.offices.length === 0) return { total: 0, rows: [] };
    if (f.offices.length === 1) facet('office', f.offices[0]);
    else {
      const union = scratch(temps.length);
      temps.push(union);
      tx.zunionstore(union, f.offices.length, ...f.offices.map((o) => keys.facet(f.day, 'office', o)));
      filters.push(union);
    }
  }
  if (f.status === 'inspection' || f.status === 'done') filters.push(keys.status(f.day, f.status));
  let result = base;
  if (filters.length > 0) {
    result = scratch(temps.length);
    temps.push(result);
    // Weights 1, 0, 0…: the result keeps the base set's scores (time or score), so it sorts the same way.
    tx.zinterstore(result, filters.length + 1, base, ...filters, 'WEIGHTS', 1, ...filters.map(() => 0));
  }
  if (f.status === 'open') {
    const open = scratch(temps.length);
    temps.push(open);
    tx.zdiffstore(open, 3, result, keys.status(f.day, 'inspection'), keys.status(f.day, 'done'));
    result = open;
  }
  tx.zcard(result);
  tx.zrevrange(result, f.offset, f.offset + f.limit - 1);
  if (temps.length) tx.del(...temps);
  const replies = (await tx.exec()) ?? [];
  for (const [err] of replies) if (err) throw err;
  const at = replies.length - (temps.length ? 3 : 2);
  const total = replies[at][1] as number;
  const ids = replies[at + 1][1] as string[];
  return { total, rows: await readRows(redis, keys, f.day, ids) };
}

/** The stored rows of these declarations of `day`, in order, with their status (three commands, one round trip). */
export async function readRows(redis: Redis, keys: ConsoleKeys, day: string, ids: string[]): Promise<WorklistEntry[]> {
  if (ids.length === 0) return [];
  const replies = (await redis
    .pipeline()
    .hmget(keys.rows(day), ...ids)
    .zmscore(keys.status(day, 'inspection'), ...ids)
    .zmscore(keys.status(day, 'done'), ...ids)
    .exec()) as [Error | null, (string | null)[]][];
  for (const [err] of replies) if (err) throw err;
  const [[, texts], [, inspection], [, done]] = replies;
  const rows: WorklistEntry[] = [];
  for (let i = 0; i < ids.length; i++) {
    const text = texts[i];
    if (text === null) continue; // expired between the two reads
    const status: Status = done[i] !== null ? 'done' : inspection[i] !== null ? 'inspection' : 'open';
    rows.push({ ...(JSON.parse(text) as WorklistRow), status });
  }
  return rows;
}
