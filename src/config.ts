import { parseCapacity } from './decision/capacity.js';
import { ConfigError } from './errors.js';
import { DEFAULT_REDIS_URL, parseClusterUrl, parseHostPorts, redisOptions, type HostPort } from './queue/connection.js';
import { DEFAULT_PREFIX, DEFAULT_QUEUE_NAMES, type QueueNames } from './queue/names.js';

/** Everything a scoring worker, a producer or a results reader needs, from the environment. */
export interface QueueConfig {
  redisUrl: string;
  /** Sentinel endpoints (`REDIS_SENTINELS=host:port,…`); REDIS_URL then only supplies credentials and db. */
  sentinels?: HostPort[];
  sentinelName: string;
  /** Redis Cluster seed nodes (REDIS_CLUSTER_NODES, or the nodes of a `redis-cluster://` REDIS_URL). */
  clusterNodes?: HostPort[];
  /** The logical stream's key prefix; with partitions, each partition's is derived from it (queue/partitions.ts). */
  prefix: string;
  /** QUEUE_PARTITIONS: prefixes one logical stream is spread over (unset: one, the prefix itself). */
  partitions?: number;
  /** QUEUE_PARTITIONS_OWNED: the partitions this worker consumes (unset: all). */
  partitionsOwned?: number[];
  /** REDIS_WAIT_REPLICAS: replicas that must acknowledge a commit before its job completes (0 = no wait). */
  waitReplicas: number;
  /** REDIS_WAIT_TIMEOUT_MS: how long a commit waits for them; fewer in time and the job is retried. */
  waitTimeoutMs: number;
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
  let redisUrl = env.REDIS_URL?.trim() || DEFAULT_REDIS_URL;
  let clusterNodes = hostPorts('REDIS_CLUSTER_NODES', env.REDIS_CLUSTER_NODES, problems);
  try {
    const cluster = parseClusterUrl(redisUrl);
    if (cluster) {
      redisUrl = cluster.redisUrl;
      clusterNodes ??= cluster.nodes;
    }
    redisOptions(redisUrl);
  } catch (e) {
    problems.push((e as Error).message);
  }
  const sentinels = hostPorts('REDIS_SENTINELS', env.REDIS_SENTINELS, problems);
  if (sentinels && clusterNodes)
    problems.push('REDIS_SENTINELS and a cluster (REDIS_CLUSTER_NODES) exclude each other');
  const partitions = int('QUEUE_PARTITIONS', 0, 1, 1024) || undefined;
  const partitionsOwned = ownedPartitions(env.QUEUE_PARTITIONS_OWNED, partitions, problems);
  if (partitions && env.AUDIT_STREAM?.trim())
    problems.push('AUDIT_STREAM cannot be set with QUEUE_PARTITIONS: each partition keeps its own audit stream');
  const name = (key: string, fallback: string): string => {
    const v = env[key]?.trim() || fallback;
    if (v.includes(':')) problems.push(`${key}="${v}" must not contain ":"`);
    return v;
  };
  const config: QueueConfig = {
    redisUrl,
    ...(sentinels ? { sentinels } : {}),
    sentinelName: env.REDIS_SENTINEL_NAME?.trim() || 'mymaster',
    ...(clusterNodes ? { clusterNodes } : {}),
    prefix: name('QUEUE_PREFIX', DEFAULT_PREFIX),
    ...(partitions ? { partitions } : {}),
    ...(partitionsOwned ? { partitionsOwned } : {}),
    waitReplicas: int('REDIS_WAIT_REPLICAS', 0, 0, 100),
    waitTimeoutMs: int('REDIS_WAIT_TIMEOUT_MS', 1000, 1, 60_000),
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

function hostPorts(name: string, text: string | undefined, problems: string[]): HostPort[] | undefined {
  if (!text?.trim()) return undefined;
  const parsed = parseHostPorts(text);
  if (typeof parsed !== 'string') return parsed;
  problems.push(`${name} entry ${parsed}`);
  return undefined;
}

/** `0,2,4` (or ranges `0-2,5`): each below QUEUE_PARTITIONS. */
function ownedPartitions(
  text: string | undefined,
  partitions: number | undefined,
  problems: string[],
): number[] | undefined {
  if (!text?.trim()) return undefined;
  if (!partitions) {
    problems.push('QUEUE_PARTITIONS_OWNED needs QUEUE_PARTITIONS');
    return undefined;
  }
  const owned = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(part);
    const [from, to] = m ? [Number(m[1]), Number(m[2] ?? m[1])] : [NaN, NaN];
    if (!m || from > to || to >= partitions) {
      problems.push(
        `QUEUE_PARTITIONS_OWNED entry "${part}" must be a partition (or a-b range) from 0 to ${partitions - 1}`,
      );
      return undefined;
    }
    for (let p = from; p <= to; p++) owned.add(p);
  }
  return [...owned].sort((a, b) => a - b);
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
