import { retentionFrom, type AuditSettings } from '../audit/config.js';
import { ConfigError } from '../errors.js';
import type { LogSettings } from '../log.js';
import type { QueueNames } from './queue-names.js';
import { parseClusterUrl, type HostPort } from './redis-url.js';
import type { PurposePolicy } from './purpose.js';
import { readSetting, type Env, type Setting } from './setting.js';
import { SETTINGS, type Settings } from './settings.js';

/**
 * What a worker, a producer or a results reader runs with. Read once, at an
 * entry point (`loadConfig(process.env)`), and handed down: library code
 * takes these values as options and never reads the environment itself.
 */
export interface Config {
  redisUrl: string;
  /** Sentinel endpoints; REDIS_URL then only supplies credentials and db. */
  sentinels?: { host: string; port: number }[];
  sentinelName: string;
  /** Redis Cluster seed nodes (REDIS_CLUSTER_NODES, or the nodes of a `redis-cluster://` REDIS_URL). */
  clusterNodes?: HostPort[];
  /** Replicas that must acknowledge a commit before its job completes (0 = no wait), and for how long. */
  waitReplicas: number;
  waitTimeoutMs: number;
  /** The logical stream's key prefix; with partitions, each partition's is derived from it (queue/partitions.ts). */
  prefix: string;
  /** Prefixes one logical stream is spread over (unset: one, the prefix itself). */
  partitions?: number;
  /** The partitions this worker consumes (unset: all). */
  partitionsOwned?: number[];
  queues: QueueNames;
  rulesDir: string;
  profile?: string;
  /** Risk model file: its `model.*` facts; checked against the mapping in use. */
  model?: string;
  watchlistsDir?: string;
  mapping?: string;
  /** Key shared with partners: their tokenised watchlist entries match. */
  watchlistKey?: Buffer;
  /** Where served rule sets are archived; `<rules>/.archive` when unset. */
  archiveDir?: string;
  /** Inspection capacity: red for the top share of each day instead of the red threshold. */
  capacity?: number;
  hotReload: boolean;
  concurrency: number;
  batchMax: number;
  maxPayloadBytes: number;
  dedupeWindowS: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  maxStalledCount: number;
  /** Percent of maxmemory at which a worker stops taking jobs, below which it takes them again, and how often it looks. */
  memoryHighPercent: number;
  memoryLowPercent: number;
  memoryCheckMs: number;
  feedbackRefreshS: number;
  feedbackRememberDays: number;
  /** Audit trail: each chain's key is the configured stream, else the one beside its queues. */
  audit: AuditSettings;
  purpose?: PurposePolicy;
  log: LogSettings;
  metrics?: { port: number; host: string };
  /** Days the console's decisions index keeps a day of decisions (0 = workers keep no index). */
  consoleRetentionDays: number;
  /** Basic auth of `targeting dashboard`. */
  dashboardAuth?: { user: string; password: string };
}

/** Reads and checks every setting; all problems are reported at once, each naming its variable. */
export function loadConfig(env: Env = {}, overrides: Partial<Config> = {}): Config {
  const problems: string[] = [];
  const s = Object.fromEntries(
    Object.entries(SETTINGS).map(([key, setting]) => [key, readSetting<unknown>(setting, env, problems)]),
  ) as unknown as Settings;
  const audit = auditOptions(s, problems);
  const cluster = parseClusterUrl(s.redisUrl);
  const clusterNodes = s.clusterNodes ?? cluster?.nodes;
  if (s.sentinels && clusterNodes)
    problems.push('REDIS_SENTINELS and a cluster (REDIS_CLUSTER_NODES) exclude each other');
  if (s.memoryLowPercent >= s.memoryHighPercent)
    problems.push(`MEMORY_LOW_PERCENT=${s.memoryLowPercent} must be below MEMORY_HIGH_PERCENT=${s.memoryHighPercent}`);
  if (s.partitionsOwned && !s.partitions) problems.push('QUEUE_PARTITIONS_OWNED needs QUEUE_PARTITIONS');
  const beyond = s.partitions ? s.partitionsOwned?.find((p) => p >= s.partitions!) : undefined;
  if (beyond !== undefined)
    problems.push(
      `QUEUE_PARTITIONS_OWNED: partition ${beyond} is not one of them — give partitions from 0 to ${s.partitions! - 1}`,
    );
  if (s.partitions && s.auditStream)
    problems.push('AUDIT_STREAM cannot be set with QUEUE_PARTITIONS: each partition keeps its own audit stream');
  if (Boolean(s.dashboardUser) !== Boolean(s.dashboardPassword)) {
    problems.push(`${s.dashboardUser ? 'DASHBOARD_PASSWORD' : 'DASHBOARD_USER'} is missing: set both, or neither`);
  }
  if (problems.length) {
    throw new ConfigError(
      'BAD_CONFIG',
      `invalid configuration: ${problems.join('; ')}`,
      {},
      'fix the environment variables named above (targeting worker --help lists them)',
    );
  }
  return {
    redisUrl: cluster?.redisUrl ?? s.redisUrl,
    ...(s.sentinels ? { sentinels: s.sentinels } : {}),
    sentinelName: s.sentinelName,
    ...(clusterNodes ? { clusterNodes } : {}),
    waitReplicas: s.waitReplicas,
    waitTimeoutMs: s.waitTimeoutMs,
    prefix: s.prefix,
    ...(s.partitions ? { partitions: s.partitions } : {}),
    ...(s.partitionsOwned ? { partitionsOwned: s.partitionsOwned } : {}),
    queues: { consignments: s.consignmentsQueue, decisions: s.decisionsQueue, rejected: s.rejectedQueue },
    rulesDir: s.rulesDir,
    ...defined({
      profile: s.profile,
      model: s.model,
      watchlistsDir: s.watchlistsDir,
      mapping: s.mapping,
      watchlistKey: s.watchlistKey,
      archiveDir: s.archiveDir,
      capacity: s.capacity,
      purpose: s.purpose,
    }),
    hotReload: s.hotReload,
    concurrency: s.concurrency,
    batchMax: s.batchMax,
    maxPayloadBytes: s.maxPayloadBytes,
    dedupeWindowS: s.dedupeWindowS,
    lockDurationMs: s.lockDurationMs,
    stalledIntervalMs: s.stalledIntervalMs,
    maxStalledCount: s.maxStalledCount,
    memoryHighPercent: s.memoryHighPercent,
    memoryLowPercent: s.memoryLowPercent,
    memoryCheckMs: s.memoryCheckMs,
    feedbackRefreshS: s.feedbackRefreshS,
    feedbackRememberDays: s.feedbackRememberDays,
    audit,
    log: { level: s.logLevel ?? 'info', redactFields: s.redactFields ?? [] },
    consoleRetentionDays: s.consoleRetentionDays,
    ...(s.metricsPort !== undefined ? { metrics: { port: s.metricsPort, host: s.metricsHost } } : {}),
    ...(s.dashboardUser && s.dashboardPassword
      ? { dashboardAuth: { user: s.dashboardUser, password: s.dashboardPassword } }
      : {}),
    ...overrides,
  };
}

/** One setting alone, for a command that needs no other; a bad value stops it like a bad configuration. */
export function loadSetting<T>(setting: Setting<T>, env: Env): T {
  const problems: string[] = [];
  const value = readSetting(setting, env, problems);
  if (problems.length)
    throw new ConfigError('BAD_CONFIG', `invalid configuration: ${problems[0]}`, { field: setting.env });
  return value;
}

/** The logging settings, for every command: LOG_LEVEL and REDACT_FIELDS. */
export function logSettings(env: Env): LogSettings {
  return {
    level: loadSetting(SETTINGS.logLevel, env) ?? 'info',
    redactFields: loadSetting(SETTINGS.redactFields, env) ?? [],
  };
}

function auditOptions(s: Settings, problems: string[]): AuditSettings {
  let retention;
  try {
    retention = retentionFrom(s.auditMaxLen, s.auditMaxAge);
  } catch (e) {
    problems.push(`AUDIT_MAX_LEN / AUDIT_MAX_AGE: ${(e as Error).message}`);
  }
  return {
    ...(s.auditStream ? { stream: s.auditStream } : {}),
    ...(s.auditFile ? { file: s.auditFile } : {}),
    ...(retention ? { retention } : {}),
  };
}

function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
