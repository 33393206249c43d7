import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Decision } from '../decision/decision.js';
import type { MemoryState } from '../queue/memory-guard.js';

/** Job counts of one queue by state, as BullMQ's `getJobCounts` returns them. */
export type QueueCounts = (queue: string) => Promise<Record<string, number>>;

export interface WorkerMetricsOptions {
  /** Queues whose depth is read at each scrape (not on the scoring path). */
  queues?: { names: readonly string[]; counts: QueueCounts };
  /** Node process metrics (memory, event-loop lag, GC) next to ours. */
  processMetrics?: boolean;
}

export interface WorkerMetrics {
  readonly registry: Registry;
  /** Decisions emitted: counted per channel and per rule hit. */
  decided(decisions: readonly Pick<Decision, 'channel' | 'hits'>[]): void;
  /** Consignments (or whole payloads) refused, per reason code. */
  rejected(codes: readonly string[]): void;
  /** Time to score one job's payload. */
  scoringSeconds(seconds: number): void;
  /** The rule set and profile now in use (after a start or a hot reload). */
  inUse(ruleset: string, profile?: string): void;
  /** A hot reload refused since this time (the previous rule set serving), or none (undefined). */
  reloadRefused(since: Date | undefined): void;
  /** A commit retried after a transient Redis error, by kind (OOM, LOADING, connection…). */
  retried(kind: string): void;
  /** Jobs taken back from a crashed or stalled worker. */
  stalled(count: number): void;
  /** Jobs locked for this worker in replies a lost connection carried, moved back to wait. */
  reclaimed(count: number): void;
  /** Whether the worker is holding back for Redis memory, whether Redis is at maxmemory, and the memory it read. */
  memory(state: MemoryState): void;
}

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'prioritized', 'waiting-children'];

/**
 * The worker's Prometheus metrics. Counters are plain increments on the job
 * path; queue depth is read from Redis only when Prometheus scrapes.
 */
export function createWorkerMetrics(registry = new Registry(), opts: WorkerMetricsOptions = {}): WorkerMetrics {
  if (opts.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Counter({ name, help, labelNames, registers: [registry] });
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Gauge({ name, help, labelNames, registers: [registry] });
  const scored = counter('targeting_consignments_scored_total', 'Consignments decided, by channel', ['channel']);
  const hits = counter('targeting_rule_hits_total', 'Rules that fired, by rule name', ['rule']);
  const rejected = counter('targeting_rejected_total', 'Consignments or payloads rejected, by reason code', ['code']);
  const latency = new Histogram({
    name: 'targeting_scoring_duration_seconds',
    help: "Time to score one job's payload (decode, validate, evaluate rules)",
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const info = gauge('targeting_ruleset_info', 'Rule set and profile in use (value 1)', ['ruleset', 'profile']);
  const refused = gauge(
    'targeting_ruleset_reload_refused',
    'Whether the rule files on disk are refused (1: the previous rule set keeps serving) or loaded (0)',
  );
  const refusedSince = gauge(
    'targeting_ruleset_reload_refused_since_seconds',
    'Unix time since which the rule files on disk have been refused (0 when they load)',
  );
  refused.set(0);
  refusedSince.set(0);
  const retries = counter(
    'targeting_redis_retries_total',
    'Commits retried after a transient Redis error (whatever attempts the job carries), by kind',
    ['kind'],
  );
  const stalled = counter(
    'targeting_jobs_stalled_total',
    'Jobs taken back after their worker crashed or stalled past its lock',
  );
  const reclaimed = counter(
    'targeting_jobs_reclaimed_total',
    'Jobs Redis locked for this worker in replies a lost connection carried, moved back to wait after the reconnect',
  );
  const paused = gauge(
    'targeting_memory_paused',
    'The worker is not taking jobs: Redis memory is near maxmemory (1) or not (0)',
  );
  const memoryBytes = gauge(
    'targeting_redis_memory_bytes',
    'Redis used_memory and maxmemory as last read by the worker',
    ['kind'],
  );
  const full = gauge(
    'targeting_redis_memory_full',
    'Redis is at maxmemory and refuses every write, taking and completing jobs included (1) or not (0)',
  );
  paused.set(0);
  full.set(0);
  const queues = opts.queues;
  if (queues) {
    new Gauge({
      name: 'targeting_queue_depth',
      help: 'Jobs in the queue, by state (read at scrape time)',
      labelNames: ['queue', 'state'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const name of queues.names) {
          const counts = await queues.counts(name);
          for (const state of QUEUE_STATES) this.set({ queue: name, state }, counts[state] ?? 0);
        }
      },
    });
  }
  for (const channel of ['green', 'yellow', 'red']) scored.inc({ channel }, 0);

  return {
    registry,
    decided(decisions) {
      for (const d of decisions) {
        scored.inc({ channel: d.channel });
        for (const h of d.hits) hits.inc({ rule: h.rule });
      }
    },
    rejected(codes) {
      for (const code of codes) rejected.inc({ code });
    },
    scoringSeconds: (seconds) => latency.observe(seconds),
    retried: (kind) => retries.inc({ kind }),
    stalled: (count) => stalled.inc(count),
    reclaimed: (count) => reclaimed.inc(count),
    memory({ paused: isPaused, full: isFull, usedBytes, maxBytes }) {
      paused.set(isPaused ? 1 : 0);
      full.set(isFull ? 1 : 0);
      if (usedBytes !== undefined) memoryBytes.set({ kind: 'used' }, usedBytes);
      if (maxBytes !== undefined) memoryBytes.set({ kind: 'max' }, maxBytes);
    },
    inUse(ruleset, profile) {
      info.reset();
      info.set({ ruleset, profile: profile ?? '' }, 1);
    },
    reloadRefused(since) {
      refused.set(since ? 1 : 0);
      refusedSince.set(since ? since.getTime() / 1000 : 0);
    },
  };
}
