import { Job, type Worker } from 'bullmq';
import type { Logger } from '../log.js';
import type { RedisClient } from './connection.js';
import { jobIdsLogged } from './job-ownership-log.js';

/** After a reconnect, how long the worker lets BullMQ's own retries settle before it looks for orphans. */
const SETTLE_MS = 1000;

/**
 * Jobs Redis locked for this worker in a reply the connection then lost.
 * Completing a job also takes the next one (BullMQ's fetchNext: one round
 * trip), locked with the same token; when Redis restarts or the connection
 * drops between the two, Redis holds that next job active under this worker's
 * lock and the worker never heard of it. Nobody renews the lock, so BullMQ's
 * stalled-job check takes the job back only once the lock expired and a check
 * came round: LOCK_DURATION_MS + STALLED_INTERVAL_MS, a minute by default
 * (redis-restart.test.ts took 61 s instead of 4 in 1 run of 8).
 *
 * So after every reconnect the worker looks, once: an active job whose lock
 * carries this worker's id (BullMQ's tokens are `<worker id>:<n>`) but is not
 * a job it holds is moved back to wait, by the lock's own token (BullMQ's
 * moveToWait: refused if the lock changed meanwhile). Harmless if it guesses
 * wrong (a reply still in flight): the job runs twice and decides nothing twice.
 */
export function reclaimOrphanedJobs(
  worker: Worker,
  client: RedisClient,
  logger: Logger,
  onReclaimed: ((jobIds: string[]) => void)[] = [],
): { stop(): void } {
  const held = new Map<string, string>();
  worker.on('active', (job) => job.id && job.token && held.set(job.id, job.token));
  const done = (job: Job | undefined) => job?.id && held.delete(job.id);
  worker.on('completed', done);
  worker.on('failed', done);

  let connected = client.status === 'ready';
  let timer: NodeJS.Timeout | undefined;
  const onReady = () => {
    // The first `ready` is the start: nothing can be orphaned yet.
    if (!connected) return void (connected = true);
    clearTimeout(timer);
    timer = setTimeout(() => {
      reclaim().catch((err: unknown) =>
        logger.warn({ err }, 'orphaned jobs not looked for: the stalled-job check takes them back'),
      );
    }, SETTLE_MS);
    timer.unref();
  };
  client.on('ready', onReady);

  async function reclaim(): Promise<void> {
    const heldBefore = [...held.keys()];
    const active = await client.lrange(worker.keys.active, 0, -1);
    const activeIds = new Set(active);
    // A job whose completion failed for good leaves no event: forget what was held and is no longer active.
    for (const id of heldBefore) if (!activeIds.has(id)) held.delete(id);
    if (active.length === 0) return;
    const locks = await client.mget(...active.map((id) => `${worker.toKey(id)}:lock`));
    // Replies this connection gave before these (a job taken meanwhile) are the worker's once their handlers ran.
    await new Promise((resolve) => setImmediate(resolve));
    const ours = `${worker.id}:`;
    const moved: string[] = [];
    for (let i = 0; i < active.length; i++) {
      const [id, lock] = [active[i], locks[i]];
      if (!lock?.startsWith(ours) || held.get(id) === lock) continue;
      const job = await Job.fromId(worker, id);
      // Refused when the lock changed (BullMQ delivered the job after all, or the lock expired and was taken).
      const back =
        job &&
        (await job.moveToWait(lock).then(
          () => true,
          () => false,
        ));
      if (back) moved.push(id);
    }
    if (moved.length === 0) return;
    logger.warn(
      jobIdsLogged(moved),
      'jobs locked for this worker in replies the connection lost, moved back to wait: they run now, not once their locks expire',
    );
    for (const sink of onReclaimed) sink(moved);
  }

  return {
    stop() {
      clearTimeout(timer);
      client.off('ready', onReady);
    },
  };
}
