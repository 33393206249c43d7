import { parseCapacity } from './decision/capacity.js';
import { ConfigError } from './errors.js';
import { DEFAULT_REDIS_URL, redisOptions } from './queue/connection.js';
import { DEFAULT_PREFIX, DEFAULT_QUEUE_NAMES, type QueueNames } from './queue/names.js';

/** Everything a scoring worker, a producer or a results reader needs, from the environment. */
export interface QueueConfig {
  redisUrl: string;
  /** Sentinel endpoints (`REDIS_SENTINELS=host:port,…`); REDIS_URL then only supplies credentials and db. */
  sentinels?: { host: string; port: number }[];
  sentinelName: string;
  prefix: string;
  queues: QueueNames;
  rulesDir: string;
  profile?: string;
  /** Watchlists (WATCHLISTS_DIR); `<rules>/watchlists` when it exists. */
  watchlistsDir?: string;
  /** Seconds between re-reads of the feedback counts into the live profile (FEEDBACK_REFRESH_S). */
  feedbackRefreshS: number;
  /** Days a scored consignment is kept so id-only feedback can be attributed (FEEDBACK_REMEMBER_DAYS; 0 = off). */
  feedbackRememberDays: number;
  concurrency: number;
  /** Inspection capacity (CAPACITY, e.g. 5%): red for the top share of each day instead of the red threshold. */
  capacity?: number;
  /** Largest batch a job may carry; larger ones are rejected whole. */
  batchMax: number;
  /** Largest serialized job payload; larger ones are rejected whole. */
  maxPayloadBytes: number;
  /** How long a decided consignment id is remembered: a resubmission within it yields no second decision. */
  dedupeWindowS: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  maxStalledCount: number;
  hotReload: boolean;
  /** Days the console's decisions index keeps a day of decisions (CONSOLE_RETENTION_DAYS; 0 = workers keep no index). */
  consoleRetentionDays: number;
}

type Env = Record<string, string | undefined>;

/** Reads and checks the settings; every problem is reported at once, naming the variable. */
export function loadQueueConfig(env: Env = process.env, overrides: Partial<QueueConfig> = {}): QueueConfig {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const text = env[name];
    if (text === undefined || text.trim() === '') return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}="${text}" must be an integer from ${min} to ${max}`);
      return fallback;
    }
    return n;
  };
  const redisUrl = env.REDIS_URL?.trim() || DEFAULT_REDIS_URL;
  try {
    redisOptions(redisUrl);
  } catch (e) {
    problems.push((e as Error).message);
  }
  const name = (key: string, fallback: string): string => {
    const v = env[key]?.trim() || fallback;
    if (v.includes(':')) problems.push(`${key}="${v}" must not contain ":"`);
    return v;
  };
  const config: QueueConfig = {
    redisUrl,
    sentinels: parseSentinels(env.REDIS_SENTINELS, problems),
    sentinelName: env.REDIS_SENTINEL_NAME?.trim() || 'mymaster',
    prefix: name('QUEUE_PREFIX', DEFAULT_PREFIX),
    queues: {
      consignments: name('QUEUE_CONSIGNMENTS', DEFAULT_QUEUE_NAMES.consignments),
      decisions: name('QUEUE_DECISIONS', DEFAULT_QUEUE_NAMES.decisions),
      rejected: name('QUEUE_REJECTED', DEFAULT_QUEUE_NAMES.rejected),
    },
    rulesDir: env.RULES_DIR?.trim() || 'rules',
    profile: env.PROFILE?.trim() || undefined,
    watchlistsDir: env.WATCHLISTS_DIR?.trim() || undefined,
    feedbackRefreshS: int('FEEDBACK_REFRESH_S', 60, 1, 86_400),
    feedbackRememberDays: int('FEEDBACK_REMEMBER_DAYS', 0, 0, 3650),
    concurrency: int('CONCURRENCY', 8, 1, 1000),
    capacity: capacityOf(env.CAPACITY, problems),
    batchMax: int('BATCH_MAX', 1000, 1, 100_000),
    maxPayloadBytes: int('MAX_PAYLOAD_BYTES', 4 * 1024 * 1024, 1024, 512 * 1024 * 1024),
    dedupeWindowS: int('DEDUPE_WINDOW_S', 86_400, 60, 365 * 86_400),
    lockDurationMs: int('LOCK_DURATION_MS', 30_000, 1000, 3_600_000),
    stalledIntervalMs: int('STALLED_INTERVAL_MS', 30_000, 1000, 3_600_000),
    maxStalledCount: int('MAX_STALLED_COUNT', 3, 0, 100),
    hotReload: !['0', 'false', 'no', 'off'].includes((env.HOT_RELOAD ?? '').trim().toLowerCase()),
    consoleRetentionDays: int('CONSOLE_RETENTION_DAYS', 30, 0, 3650),
    ...overrides,
  };
  if (problems.length) {
    throw new ConfigError(
      'BAD_CONFIG',
      `invalid configuration: ${problems.join('; ')}`,
      {},
      'fix the environment variables named above (see docs/operations.md)',
    );
  }
  return config;
}

function parseSentinels(text: string | undefined, problems: string[]): QueueConfig['sentinels'] {
  if (!text?.trim()) return undefined;
  return text.split(',').map((entry) => {
    const m = /^\s*\[?([^\]]+?)\]?:(\d+)\s*$/.exec(entry);
    if (!m) {
      problems.push(`REDIS_SENTINELS entry "${entry}" must be host:port`);
      return { host: '', port: 0 };
    }
    return { host: m[1], port: Number(m[2]) };
  });
}

function capacityOf(text: string | undefined, problems: string[]): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    return parseCapacity(text);
  } catch {
    problems.push(`CAPACITY="${text}" must be a share of each day's declarations, e.g. 5%`);
    return undefined;
  }
}
