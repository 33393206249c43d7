import { parseCapacity } from '../decision/capacity.js';
import { DEFAULT_REDIS_URL, parseClusterUrl, parseHostPorts, redisOptions, type HostPort } from './redis-url.js';
import { DEFAULT_PREFIX, DEFAULT_QUEUE_NAMES } from './queue-names.js';
import { keyFromEnv } from '../share/pseudonymise.js';
import { loadPurpose } from './purpose.js';
import { flag, integer, optional, parsed, section, text, type Env, type Setting, type Ungrouped } from './setting.js';

/**
 * Every setting a worker or a command reads from the environment, in one
 * schema: `loadConfig` reads them all (every problem reported at once) and
 * `targeting worker --help` lists them, from this table alone.
 */

const REDIS = 'Redis';
const QUEUES = 'Queues';
const SCORING = 'Scoring';
const PROCESSING = 'Processing';
const FEEDBACK = 'Feedback';
const AUDIT = 'Audit trail';
const PROTECTION = 'Protection and logs';
const OPERATIONS = 'Operations';

function queueName(env: string, fallback: string, help: string): Ungrouped<string> {
  return {
    env,
    help,
    shown: fallback,
    read: (t) => {
      if (t?.includes(':')) throw new Error('must not contain ":"');
      return t ?? fallback;
    },
  };
}

function hostPorts(t: string): HostPort[] {
  const parsed = parseHostPorts(t);
  if (typeof parsed === 'string') throw new Error(`is invalid: entry ${parsed}`);
  return parsed;
}

/** `0,2,4` or ranges `0-2,5`, sorted; checked against QUEUE_PARTITIONS by the loader. */
function partitionList(t: string): number[] {
  const owned = new Set<number>();
  for (const part of t.split(',')) {
    const m = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(part);
    if (!m || Number(m[1]) > Number(m[2] ?? m[1]))
      throw new Error(`has an entry "${part}" that is not a partition or a-b range`);
    for (let p = Number(m[1]); p <= Number(m[2] ?? m[1]); p++) owned.add(p);
  }
  return [...owned].sort((a, b) => a - b);
}

function port(t: string): number {
  const n = Number(t);
  if (!/^\d+$/.test(t) || n > 65_535) throw new Error('is not a port (0 for any free one, up to 65535)');
  return n;
}

function capacity(t: string): number {
  try {
    return parseCapacity(t);
  } catch {
    throw new Error("must be a share of each day's declarations, e.g. 5%");
  }
}

/** The key lives in the variable this setting names, as `--key-env` does for `share`. */
function watchlistKey(name: string, env: Env): Buffer {
  return keyFromEnv(name, env);
}

function logLevel(t: string): string {
  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
  if (!levels.includes(t)) throw new Error(`must be one of ${levels.join(', ')}`);
  return t;
}

function fieldList(t: string): string[] {
  return t
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export const SETTINGS = {
  ...section(REDIS, {
    redisUrl: {
      env: 'REDIS_URL',
      help: 'redis:// or rediss:// (TLS) URL, with user, password and db',
      shown: DEFAULT_REDIS_URL,
      secret: true,
      read: (t) => {
        // A redis-cluster:// URL names seed nodes (clusterNodes) and carries its credentials in the first one's URL.
        if (t !== undefined) redisOptions(parseClusterUrl(t)?.redisUrl ?? t);
        return t ?? DEFAULT_REDIS_URL;
      },
    },
    clusterNodes: parsed('REDIS_CLUSTER_NODES', hostPorts, {
      help: 'Redis Cluster seed nodes host:port,… (or a redis-cluster://host:port,host:port REDIS_URL)',
    }),
    sentinels: parsed('REDIS_SENTINELS', hostPorts, {
      help: 'Sentinel endpoints host:port,…; REDIS_URL then supplies only credentials, db and TLS',
    }),
    sentinelName: text('REDIS_SENTINEL_NAME', 'mymaster', { help: 'master name the Sentinels know' }),
    waitReplicas: integer('REDIS_WAIT_REPLICAS', 0, 0, 100, {
      help: 'replicas that must acknowledge a commit (WAIT) before its job completes; 0 = no wait',
    }),
    waitTimeoutMs: integer('REDIS_WAIT_TIMEOUT_MS', 1000, 1, 60_000, {
      help: 'how long a commit waits for them; fewer in time and the job is retried',
    }),
  }),
  ...section(QUEUES, {
    prefix: queueName('QUEUE_PREFIX', DEFAULT_PREFIX, 'key prefix of every queue, used as a Redis Cluster hash tag'),
    partitions: parsed('QUEUE_PARTITIONS', (t) => integer('', 1, 1, 1024, { help: '' }).read(t, {}), {
      help: 'prefixes one logical stream is spread over ({prefix-0}…); unset: one, the prefix itself',
    }),
    partitionsOwned: parsed('QUEUE_PARTITIONS_OWNED', partitionList, {
      help: 'the partitions this worker consumes, e.g. 0,2,4 or 0-2 (default: all)',
    }),
    consignmentsQueue: queueName('QUEUE_CONSIGNMENTS', DEFAULT_QUEUE_NAMES.consignments, 'input queue'),
    decisionsQueue: queueName(
      'QUEUE_DECISIONS',
      DEFAULT_QUEUE_NAMES.decisions,
      'decisions (read by the customs system)',
    ),
    rejectedQueue: queueName('QUEUE_REJECTED', DEFAULT_QUEUE_NAMES.rejected, 'rejected input'),
  }),
  ...section(SCORING, {
    rulesDir: text('RULES_DIR', 'rules', { help: 'rule-set directory or file' }),
    profile: optional('PROFILE', { help: 'profile file (targeting profile build)' }),
    model: optional('MODEL', { help: 'risk model file (targeting model train / model import)' }),
    watchlistsDir: optional('WATCHLISTS_DIR', {
      help: 'watchlist directory or file (default: <rules>/watchlists when it exists)',
    }),
    mapping: optional('MAPPING', { help: "mapping file whose extra columns are facts (default: the profile's)" }),
    watchlistKey: parsed('WATCHLIST_KEY_ENV', watchlistKey, {
      help: 'name of the variable holding the key shared with partners: their tokenised watchlist entries match',
    }),
    archiveDir: optional('RULES_ARCHIVE', {
      help: 'where every rule set that served is kept for explain --decision (default: <rules>/.archive)',
    }),
    capacity: parsed('CAPACITY', capacity, {
      help: 'red for the top share of each day by score, e.g. 5% (default: the red threshold)',
    }),
    hotReload: flag('HOT_RELOAD', true, { help: 'reload rule and watchlist files when they change' }),
  }),
  ...section(PROCESSING, {
    concurrency: integer('CONCURRENCY', 8, 1, 1000, { help: 'jobs processed at once' }),
    batchMax: integer('BATCH_MAX', 1000, 1, 100_000, {
      help: 'largest batch a job may carry; larger ones are rejected whole',
    }),
    maxPayloadBytes: integer('MAX_PAYLOAD_BYTES', 4 * 1024 * 1024, 1024, 512 * 1024 * 1024, {
      help: 'largest serialized job payload; larger ones are rejected whole',
    }),
    dedupeWindowS: integer('DEDUPE_WINDOW_S', 86_400, 60, 365 * 86_400, {
      help: 'seconds a decided id is remembered: a resubmission within it gets no second decision',
    }),
    lockDurationMs: integer('LOCK_DURATION_MS', 30_000, 1000, 3_600_000, { help: 'BullMQ job lock' }),
    stalledIntervalMs: integer('STALLED_INTERVAL_MS', 30_000, 1000, 3_600_000, {
      help: 'how often stalled jobs are looked for',
    }),
    maxStalledCount: integer('MAX_STALLED_COUNT', 3, 0, 100, { help: 'stalls before a job fails' }),
    memoryHighPercent: integer('MEMORY_HIGH_PERCENT', 90, 10, 99, {
      help: 'percent of Redis maxmemory at which a worker stops taking jobs (and submit waits)',
    }),
    memoryLowPercent: integer('MEMORY_LOW_PERCENT', 80, 5, 98, { help: 'percent below which it takes them again' }),
    memoryCheckMs: integer('MEMORY_CHECK_MS', 1000, 100, 60_000, { help: 'how often the worker reads INFO memory' }),
  }),
  ...section(FEEDBACK, {
    feedbackRefreshS: integer('FEEDBACK_REFRESH_S', 60, 1, 86_400, {
      help: 'seconds between re-reads of inspection results into the live profile',
    }),
    feedbackRememberDays: integer('FEEDBACK_REMEMBER_DAYS', 0, 0, 3650, {
      help: 'days a scored consignment is kept so id-only feedback can be attributed (0 = off)',
    }),
  }),
  ...section(AUDIT, {
    auditStream: optional('AUDIT_STREAM', { help: 'audit stream key (default: {QUEUE_PREFIX}:audit)' }),
    auditFile: optional('AUDIT_FILE', { help: 'NDJSON mirror of the audit trail' }),
    auditMaxLen: optional('AUDIT_MAX_LEN', { help: 'retention: records kept (at least)' }),
    auditMaxAge: optional('AUDIT_MAX_AGE', { help: 'retention: age kept, e.g. 400d' }),
  }),
  ...section(PROTECTION, {
    purpose: parsed('PURPOSE_FILE', loadPurpose, {
      help: 'purpose limitation: fields a worker may read and emit (JSON file)',
    }),
    redactFields: parsed('REDACT_FIELDS', fieldList, {
      help: 'more field names redacted in logs, comma-separated',
      fallback: [],
    }),
    logLevel: parsed('LOG_LEVEL', logLevel, {
      help: 'pino level of the JSON logs on stderr',
      shown: 'info',
      fallback: 'info',
    }),
  }),
  ...section(OPERATIONS, {
    metricsPort: parsed('METRICS_PORT', port, { help: 'port of /metrics and /health (unset: no endpoint)' }),
    metricsHost: text('METRICS_HOST', '127.0.0.1', { help: 'address /metrics listens on' }),
    consoleRetentionDays: integer('CONSOLE_RETENTION_DAYS', 30, 0, 3650, {
      help: "days the console's decisions index keeps a day of decisions (0: workers keep no index)",
    }),
    dashboardUser: optional('DASHBOARD_USER', { help: 'targeting dashboard: basic-auth user' }),
    dashboardPassword: optional('DASHBOARD_PASSWORD', {
      secret: true,
      help: 'targeting dashboard: basic-auth password (both or neither)',
    }),
  }),
} satisfies Record<string, Setting<unknown>>;

export type Settings = { [K in keyof typeof SETTINGS]: ReturnType<(typeof SETTINGS)[K]['read']> };
