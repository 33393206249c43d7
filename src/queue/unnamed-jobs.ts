import { isUtf8 } from 'node:buffer';
import { WaitingError, Worker, type Job, type WorkerOptions } from 'bullmq';
import type { RedisClient } from './connection.js';
import { escapedJobId } from './job-ids.js';
import { retryTransient } from './transient-retry.js';

/**
 * Jobs whose id no JavaScript string names. A producer may set an id that is
 * not well-formed UTF-16 (a lone surrogate, `c-\uD800x`): BullMQ packs the id
 * it sends to its scripts with msgpack, which writes a surrogate as three bytes
 * of its own, and builds the keys it passes in UTF-8, where a surrogate becomes
 * U+FFFD. The job's keys then live under bytes the worker is never given: the
 * id it receives is decoded with replacement characters, and neither
 * completing nor failing it can ever find the job, so it would stay active
 * (its lock is not extended either, so it stalls and runs again, for ever).
 * Such a job is found by its raw bytes in the active list and finished here.
 */
export interface UnnamedJob {
  /** The id's bytes as Redis holds them. */
  raw: Buffer;
  /** The id as a well-formed string (job-ids.ts escapedJobId): the job's name in decisions, rejections and logs. */
  source: string;
}

/** What the worker may do with a job it was given. */
export type JobIdCheck = UnnamedJob | 'named' | 'not-ours';

/**
 * Whether BullMQ can name this job. Only an id holding U+FFFD can be a lossy
 * decoding, and one round trip (EXISTS) tells it apart from an id that holds
 * U+FFFD itself; every other job costs nothing. 'not-ours': the job's lock is no
 * longer the worker's token (it stalled and went back, or another worker has it).
 */
export async function checkJobId(
  client: RedisClient,
  worker: Worker,
  jobId: string,
  token: string | undefined,
): Promise<JobIdCheck> {
  if (!jobId.includes('\uFFFD')) return 'named';
  if ((await client.exists(worker.toKey(jobId))) === 1) return 'named';
  for (const raw of await client.lrangeBuffer(worker.keys.active, 0, -1)) {
    if (isUtf8(raw) || raw.toString() !== jobId) continue;
    const lock = await client.getBuffer(jobKey(worker, raw, ':lock'));
    if (token !== undefined && lock?.toString() === token) return { raw, source: escapedJobId(raw) };
  }
  return 'not-ours';
}

/**
 * Finishes an unnamed job as BullMQ would: completed, it is removed (its
 * decisions and rejections are written; `removeOnComplete` is what producers
 * are told to set) and a `completed` event says so; failed, it goes to the
 * failed set with its reason, for good (no retry could complete it). Does
 * nothing if the lock is no longer the token's.
 */
export async function finishUnnamedJob(
  client: RedisClient,
  worker: Worker,
  job: UnnamedJob,
  token: string,
  outcome: { returnValue: unknown } | { failedReason: string },
): Promise<void> {
  const failed = 'failedReason' in outcome;
  await client.eval(
    FINISH,
    7,
    worker.keys.active,
    worker.keys.stalled,
    worker.keys.events,
    worker.keys.failed,
    jobKey(worker, job.raw, ''),
    jobKey(worker, job.raw, ':lock'),
    jobKey(worker, job.raw, ':logs'),
    job.raw,
    token,
    failed ? 'failed' : 'completed',
    failed ? outcome.failedReason : JSON.stringify(outcome.returnValue ?? null),
    Date.now(),
  );
}

/**
 * What a processor throws to have BullMQ leave a job alone: to BullMQ a
 * WaitingError means the processor moved the job itself, so it neither
 * completes nor fails it (either would only fail to find it).
 */
export class LeaveToWorker extends WaitingError {
  constructor(why: string) {
    super(why);
  }
}

/** A processor that is also told a job's id as Redis holds it, escaped, when BullMQ's own is a lossy decoding. */
export type UnnamedAwareProcessor<R> = (job: Job, escapedId: string | undefined) => Promise<R>;

/**
 * A Worker that finishes the jobs BullMQ cannot name (above) itself: run like
 * any other, then completed or failed by the worker's own script, never left
 * active. `client` is the ioredis connection of the same server.
 */
export class UnnamedJobsWorker<R = unknown> extends Worker {
  constructor(
    name: string,
    processor: UnnamedAwareProcessor<R>,
    private readonly client: RedisClient,
    opts: WorkerOptions,
  ) {
    super(name, (job: Job, token?: string) => this.process(processor, job, token), opts);
  }

  private async process(processor: UnnamedAwareProcessor<R>, job: Job, token: string | undefined): Promise<R> {
    const check = await retryTransient(() => checkJobId(this.client, this, job.id ?? '', token));
    if (check === 'named') return processor(job, undefined);
    if (check === 'not-ours') throw new LeaveToWorker("its lock is no longer this worker's: it runs again");
    let error: unknown;
    let outcome: Parameters<typeof finishUnnamedJob>[4];
    try {
      outcome = { returnValue: await processor(job, check.source) };
    } catch (e) {
      error = e;
      outcome = { failedReason: (e as Error).message };
    }
    await retryTransient(() => finishUnnamedJob(this.client, this, check, token!, outcome));
    if (error !== undefined) this.emit('failed', job, error as Error, 'active');
    throw new LeaveToWorker('finished by the worker: BullMQ cannot name its id');
  }

  /**
   * The one failure BullMQ decides without running the processor: a job that
   * stalled more than MAX_STALLED_COUNT times (its lock is not extended, so one
   * that runs long enough stalls again and again). Failed here when unnamed.
   */
  protected override async handleFailed(
    err: Error,
    job: Job,
    token: string,
    fetchNextCallback?: () => boolean,
    span?: Parameters<Worker['handleFailed']>[4],
  ): Promise<Job> {
    if (job.deferredFailure && !(err instanceof WaitingError)) {
      const check = await retryTransient(() => checkJobId(this.client, this, job.id ?? '', token));
      if (typeof check === 'object') {
        await retryTransient(() => finishUnnamedJob(this.client, this, check, token, { failedReason: err.message }));
        this.emit('failed', job, err, 'active');
        return super.handleFailed(new LeaveToWorker(err.message), job, token, fetchNextCallback, span);
      }
    }
    return super.handleFailed(err, job, token, fetchNextCallback, span);
  }
}

function jobKey(worker: Worker, raw: Buffer, suffix: string): Buffer {
  return Buffer.concat([Buffer.from(worker.toKey('')), raw, Buffer.from(suffix)]);
}

/** KEYS: active, stalled, events, failed, job, lock, logs. ARGV: id, token, outcome, returnvalue or reason, time. */
const FINISH = `
if redis.call('GET', KEYS[6]) ~= ARGV[2] then return 0 end
redis.call('LREM', KEYS[1], -1, ARGV[1])
redis.call('SREM', KEYS[2], ARGV[1])
redis.call('DEL', KEYS[6])
if ARGV[3] == 'completed' then
  redis.call('DEL', KEYS[5], KEYS[7])
  redis.call('XADD', KEYS[3], 'MAXLEN', '~', 10000, '*', 'event', 'completed', 'jobId', ARGV[1], 'returnvalue', ARGV[4], 'prev', 'active')
else
  redis.call('HSET', KEYS[5], 'failedReason', ARGV[4], 'finishedOn', ARGV[5])
  redis.call('ZADD', KEYS[4], ARGV[5], ARGV[1])
  redis.call('XADD', KEYS[3], 'MAXLEN', '~', 10000, '*', 'event', 'failed', 'jobId', ARGV[1], 'failedReason', ARGV[4], 'prev', 'active')
end
return 1
`;
