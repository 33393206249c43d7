import { UnrecoverableError, type ConnectionOptions, type Job, type Worker } from 'bullmq';
import type { RedisClient } from './connection.js';
import { execReleased } from './released-pipeline.js';
import { UnnamedJobsWorker } from './unnamed-jobs.js';
import type { Consignment } from '../declaration/record.js';
import { toConsignment } from '../declaration/validate.js';
import { TargetingError } from '../errors.js';
import { dimensionsFor } from '../features/dimensions.js';
import { emptyFeedback, type FeedbackCounts, type LiveProfile } from '../features/overlay.js';
import { createLogger } from '../log.js';

/** A job on the `feedback` queue: the outcome of inspecting one consignment. */
export interface FeedbackJob {
  id: string;
  illicit: 0 | 1;
  revenue?: number;
  /** The declaration itself, when the sender has it; otherwise it is looked up by id (rememberConsignments). */
  consignment?: Record<string, unknown>;
}

export interface FeedbackOptions {
  /** Key prefix for the running counts and remembered consignments (default `targeting:`). */
  prefix?: string;
  /** Extra categorical columns profiled (the profile's mapping.categorical). */
  categorical?: readonly string[];
}

export const FEEDBACK_QUEUE = 'feedback';
const log = createLogger('feedback');

const keys = (prefix: string) => ({
  count: (dim: string) => `${prefix}feedback:count:${dim}`,
  illicit: (dim: string) => `${prefix}feedback:illicit:${dim}`,
  revenue: (dim: string) => `${prefix}feedback:revenue:${dim}`,
  overall: `${prefix}feedback:overall`,
  done: (id: string) => `${prefix}feedback:done:${id}`,
  consignment: (id: string) => `${prefix}consignment:${id}`,
});

/**
 * Keeps the consignments a job scored so that their inspection results, which
 * arrive later with only the id, can be attributed to importer, route…; one
 * round trip per job, expiring after `ttlSeconds` (default 180 days).
 */
export async function rememberConsignments(
  redis: RedisClient,
  cs: readonly Consignment[],
  opts: FeedbackOptions & { ttlSeconds?: number } = {},
): Promise<void> {
  if (cs.length === 0) return;
  const k = keys(opts.prefix ?? 'targeting:');
  const ttl = opts.ttlSeconds ?? 180 * 86_400;
  const tx = redis.pipeline();
  for (const c of cs) tx.set(k.consignment(c.id), JSON.stringify(c), 'EX', ttl);
  await execReleased(tx);
}

/**
 * Adds one inspection result to the running counts (HINCRBY per entity of
 * every profiled dimension). A result is counted once: a repeated id is
 * acknowledged and ignored. Bad payloads and unknown ids fail the job without
 * retry, so they stay visible in the failed set.
 */
export async function recordFeedback(
  redis: RedisClient,
  job: FeedbackJob,
  opts: FeedbackOptions = {},
): Promise<'counted' | 'duplicate'> {
  const k = keys(opts.prefix ?? 'targeting:');
  const { id, illicit, revenue } = checkJob(job);
  const c = await consignmentOf(redis, job, k.consignment(id));
  if ((await redis.set(k.done(id), '1', 'EX', 180 * 86_400, 'NX')) === null) return 'duplicate';
  const tx = redis.multi();
  tx.hincrby(k.overall, 'count', 1).hincrby(k.overall, 'illicit', illicit).hincrbyfloat(k.overall, 'revenue', revenue);
  for (const dim of dimensionsFor(opts.categorical)) {
    const key = dim.key(c);
    if (key === undefined) continue;
    tx.hincrby(k.count(dim.name), key, 1)
      .hincrby(k.illicit(dim.name), key, illicit)
      .hincrbyfloat(k.revenue(dim.name), key, revenue);
  }
  try {
    await tx.exec();
  } catch (e) {
    await redis.del(k.done(id)); // not counted: let the retry count it
    throw e;
  }
  return 'counted';
}

/** The running counts, for the overlay (read periodically, not per consignment). */
export async function readFeedbackCounts(redis: RedisClient, opts: FeedbackOptions = {}): Promise<FeedbackCounts> {
  const k = keys(opts.prefix ?? 'targeting:');
  const out = emptyFeedback();
  const overall = await redis.hgetall(k.overall);
  out.overall = {
    count: Number(overall.count ?? 0),
    illicit: Number(overall.illicit ?? 0),
    revenue: Number(overall.revenue ?? 0),
  };
  for (const dim of dimensionsFor(opts.categorical)) {
    const [count, illicit, revenue] = await Promise.all([
      redis.hgetall(k.count(dim.name)),
      redis.hgetall(k.illicit(dim.name)),
      redis.hgetall(k.revenue(dim.name)),
    ]);
    if (Object.keys(count).length === 0) continue;
    out.groups[dim.name] = new Map(
      Object.entries(count).map(([key, n]) => [
        key,
        { count: Number(n), illicit: Number(illicit[key] ?? 0), revenue: Number(revenue[key] ?? 0) },
      ]),
    );
  }
  return out;
}

/** The BullMQ worker consuming the `feedback` queue. */
export function createFeedbackWorker(
  redis: RedisClient,
  connection: ConnectionOptions,
  opts: FeedbackOptions & { queuePrefix?: string; queue?: string } = {},
): Worker<FeedbackJob> {
  // A job whose id BullMQ cannot name (a lone surrogate) is finished by the worker, not left active (unnamed-jobs.ts).
  const worker: Worker<FeedbackJob> = new UnnamedJobsWorker(
    opts.queue ?? FEEDBACK_QUEUE,
    async (job: Job<FeedbackJob>) => recordFeedback(redis, job.data, opts),
    redis,
    { connection, ...(opts.queuePrefix ? { prefix: opts.queuePrefix } : {}) },
  );
  worker.on('failed', (job, err) => log.warn({ job: job?.id, err: err.message }, 'feedback rejected'));
  // Without a listener BullMQ prints each connection error itself, AUTH arguments included.
  worker.on('error', (err) => log.debug({ err }, 'feedback worker: Redis error'));
  return worker;
}

/**
 * Re-reads the running counts every `intervalMs` and swaps them into the live
 * profile. Returns a function that stops the refresh.
 */
export function refreshOverlay(
  redis: RedisClient,
  live: LiveProfile,
  opts: FeedbackOptions & { intervalMs?: number } = {},
): { refresh(): Promise<void>; stop(): void } {
  const refresh = async (): Promise<void> => {
    try {
      live.apply(await readFeedbackCounts(redis, opts));
    } catch (e) {
      log.error({ err: (e as Error).message }, 'feedback overlay refresh failed; keeping the previous counts');
    }
  };
  const timer = setInterval(refresh, opts.intervalMs ?? 60_000);
  timer.unref();
  return { refresh, stop: () => clearInterval(timer) };
}

function checkJob(job: FeedbackJob): { id: string; illicit: 0 | 1; revenue: number } {
  if (job === null || typeof job !== 'object')
    throw new UnrecoverableError('feedback must be an object {id, illicit, revenue}');
  const { id, illicit, revenue } = job;
  if (typeof id !== 'string' || id === '') throw new UnrecoverableError('feedback needs the consignment "id"');
  if (illicit !== 0 && illicit !== 1)
    throw new UnrecoverableError(`feedback for ${id}: "illicit" must be 0 or 1, got ${JSON.stringify(illicit)}`);
  if (revenue !== undefined && (typeof revenue !== 'number' || !Number.isFinite(revenue) || revenue < 0)) {
    throw new UnrecoverableError(`feedback for ${id}: "revenue" must be a number ≥ 0, got ${JSON.stringify(revenue)}`);
  }
  return { id, illicit, revenue: revenue ?? 0 };
}

async function consignmentOf(redis: RedisClient, job: FeedbackJob, storeKey: string): Promise<Consignment> {
  try {
    if (job.consignment) return toConsignment({ ...job.consignment, id: job.id });
  } catch (e) {
    if (e instanceof TargetingError) throw new UnrecoverableError(`feedback for ${job.id}: ${e.message}`);
    throw e;
  }
  const stored = await redis.get(storeKey);
  if (stored === null)
    throw new UnrecoverableError(
      `feedback for ${job.id}: unknown consignment (not scored here, or expired); send it with the feedback`,
    );
  return JSON.parse(stored) as Consignment;
}
