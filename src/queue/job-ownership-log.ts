import { ErrorCode, type Worker } from 'bullmq';
import type { Logger } from '../log.js';

/**
 * BullMQ tells job by job when a worker stops owning a job: a stalled job
 * taken back, a lock it could not renew (one event for the round, then one
 * `error` per job, again every round while the job runs), a completion
 * refused because the lock is gone (two `error`s). In a standstill (Redis
 * full, paused, unreachable past LOCK_DURATION_MS) that was error lines by the
 * hundred, and none of it loses work: the stalled-job check runs the job
 * again, and a re-run decides nothing twice (the decided ids). So each is a
 * warning, one line per event-loop turn with the ids and the count, and a job
 * is named once a minute at most. Returns the test for the `error`s these
 * lines already say.
 */
export function logJobOwnership(
  worker: Worker,
  logger: Logger,
  onStalled: ((jobIds: string[]) => void)[] = [],
): (err: unknown) => boolean {
  const warn = (msg: string) => (ids: string[]) => logger.warn(jobIdsLogged(ids), msg);
  const stalledLine = warn('stalled jobs taken back: they run again');
  const stalled = perTurn(
    () => true,
    (ids) => {
      stalledLine(ids);
      for (const sink of onStalled) sink(ids);
    },
  );
  worker.on('stalled', (jobId) => stalled(jobId));
  const lost = perTurn(
    quietFor(QUIET_MS),
    warn('job locks not renewed (expired or taken over): the stalled-job check runs these jobs again'),
  );
  worker.on('lockRenewalFailed', (jobIds) => jobIds.forEach(lost));
  const refused = perTurn(
    quietFor(QUIET_MS),
    warn("job completions refused, the jobs no longer this worker's: the stalled-job check runs them again"),
  );
  return (err) => {
    const e = err as { message?: unknown; code?: unknown } | null;
    const message = typeof e?.message === 'string' ? e.message : '';
    // BullMQ emits it per job right after lockRenewalFailed, whose line names them all.
    if (RENEWAL_FAILED.test(message)) return true;
    if (!LOST_OWNERSHIP.has(e?.code as ErrorCode)) return false;
    refused(JOB_OF.exec(message)?.[1] ?? '?');
    return true;
  };
}

/** How a log line names jobs: the first 100 ids and how many there were. */
export function jobIdsLogged(ids: readonly string[]): { jobs: string[]; count: number } {
  return { jobs: ids.slice(0, 100), count: ids.length };
}

/** BullMQ's lock-manager.js: the error it emits per job after `lockRenewalFailed`. */
const RENEWAL_FAILED = /^could not renew lock for job /;
/** Codes of BullMQ's finished-errors.js for a job moved by an attempt whose lock is gone, taken or moved on. */
const LOST_OWNERSHIP = new Set([ErrorCode.JobLockNotExist, ErrorCode.JobLockMismatch, ErrorCode.JobNotInState]);
/** The job id in those errors' messages ("Missing lock for job X. …", "Lock mismatch for job X. …", "Job X is not…"). */
const JOB_OF = /^(?:Missing lock for job |Lock mismatch for job |Job )(.+?)(?:\. | is not in the )/s;

/** How long a job named in one of these warnings is not named again in the same one. */
const QUIET_MS = 60_000;

/** Items passed in one event-loop turn and let through by `fresh`, handed over together at its end. */
function perTurn(fresh: (item: string) => boolean, flush: (items: string[]) => void): (item: string) => void {
  let items: string[] = [];
  return (item) => {
    if (!fresh(item)) return;
    if (items.length === 0)
      setImmediate(() => {
        const all = items;
        items = [];
        flush(all);
      });
    items.push(item);
  };
}

/** True for an item not seen in the last `ms` (a bounded memory: past 10,000 items it starts afresh). */
function quietFor(ms: number): (item: string) => boolean {
  let seen = new Map<string, number>();
  return (item) => {
    const now = Date.now();
    const at = seen.get(item);
    if (at !== undefined && now - at < ms) return false;
    if (seen.size >= 10_000) seen = new Map();
    seen.set(item, now);
    return true;
  };
}
