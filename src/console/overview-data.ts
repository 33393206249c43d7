import type { RedisClient as Redis } from '../queue/connection.js';
import { CHANNELS, type Channel } from '../decision/decision.js';
import type { ConsoleKeys } from './keys.js';

export type ChannelCounts = Record<Channel, number>;

export interface RulePerformance {
  rule: string;
  hits: number;
  /** hits / declarations decided that day. */
  hitRate: number;
  inspected: number;
  illicit: number;
  /** illicit / inspected among recorded results (undefined before any). */
  precision?: number;
  revenue: number;
}

export interface DayOverview {
  day: string;
  total: number;
  channels: ChannelCounts;
  /** Hour (UTC, "00"–"23") → channel counts. */
  hours: { hour: string; channels: ChannelCounts }[];
  rules: RulePerformance[];
  /** All recorded results of the day's declarations. */
  results: { inspected: number; illicit: number; revenue: number };
  rejected: number;
}

export interface RejectedEntry {
  at: string;
  source: string;
  code: string;
  reason: string;
  id?: string;
  index?: number;
}

const zero = (): ChannelCounts => ({ green: 0, yellow: 0, red: 0 });

/** A day's stats hash as the overview reads it (pure). */
export function dayOverview(day: string, fields: Record<string, string>): DayOverview {
  const n = (f: string) => Number(fields[f] ?? 0);
  const channels = zero();
  for (const c of CHANNELS) channels[c] = n(`c:${c}`);
  const hours = Array.from({ length: 24 }, (_, h) => {
    const hour = String(h).padStart(2, '0');
    const counts = zero();
    for (const c of CHANNELS) counts[c] = n(`h:${hour}:${c}`);
    return { hour, channels: counts };
  });
  const total = n('n');
  const rules = Object.keys(fields)
    .filter((f) => f.startsWith('r:'))
    .map((f): RulePerformance => {
      const rule = f.slice(2);
      const inspected = n(`ri:${rule}`);
      const illicit = n(`rx:${rule}`);
      return {
        rule,
        hits: n(f),
        hitRate: total ? n(f) / total : 0,
        inspected,
        illicit,
        ...(inspected ? { precision: illicit / inspected } : {}),
        revenue: n(`rv:${rule}`),
      };
    })
    .sort((a, b) => b.hits - a.hits || a.rule.localeCompare(b.rule));
  return {
    day,
    total,
    channels,
    hours,
    rules,
    results: { inspected: n('ri:*'), illicit: n('rx:*'), revenue: n('rv:*') },
    rejected: n('rej'),
  };
}

export async function readDayOverview(redis: Redis, keys: ConsoleKeys, day: string): Promise<DayOverview> {
  return dayOverview(day, await redis.hgetall(keys.stats(day)));
}

/** The latest indexed days, newest first, with their overviews. */
export async function readRecentDays(redis: Redis, keys: ConsoleKeys, count: number): Promise<DayOverview[]> {
  const days = await redis.zrevrange(keys.days, 0, count - 1);
  const p = redis.pipeline();
  for (const d of days) p.hgetall(keys.stats(d));
  const replies = (await p.exec()) ?? [];
  return days.map((d, i) => dayOverview(d, (replies[i]?.[1] as Record<string, string>) ?? {}));
}

export async function readRejected(redis: Redis, keys: ConsoleKeys, count: number): Promise<RejectedEntry[]> {
  return (await redis.lrange(keys.rejected, 0, count - 1)).map((t) => JSON.parse(t) as RejectedEntry);
}
