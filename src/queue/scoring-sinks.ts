import type { Decision } from '../decision/decision.js';
import type { Logger } from '../log.js';
import type { OwnedResults } from './emitter.js';
import type { MemoryState } from './memory-guard.js';
import type { Rejection } from './payload.js';
import { isCredentialsRefused, isPermissionDenied } from './redis-errors.js';

/** What the worker did with one input job; also the job's return value. */
export interface JobOutcome {
  job: string;
  ruleset: string;
  decided: number;
  /** Consignments already decided by another job (resubmitted ids). */
  duplicates: number;
  rejected: number;
  /** Time to decode and score the payload. */
  scoringMs: number;
}

/**
 * Where decisions go once they are safely in the decisions queue: metrics,
 * audit, dashboards plug in here. A sink that throws is logged and does not
 * fail the job (the decisions are already emitted).
 */
export interface ScoringSinks {
  /** `owned` adds the consignments as received and their audit records, in the decisions' order. */
  onDecisions?: ((decisions: Decision[], outcome: JobOutcome, owned: OwnedResults) => void | Promise<void>)[];
  onRejections?: ((rejections: Rejection[], outcome: JobOutcome) => void | Promise<void>)[];
  /** A commit hit a transient Redis error and is retried (`kind`: the error's first word, e.g. OOM, LOADING, connection). */
  onRetry?: ((kind: string) => void)[];
  /** Jobs a crashed or stalled worker held, taken back to be run again. */
  onStalled?: ((jobIds: string[]) => void)[];
  /** Jobs Redis locked for this worker in replies a lost connection carried, moved back to wait (orphaned-jobs.ts). */
  onReclaimed?: ((jobIds: string[]) => void)[];
  /** The worker paused or resumed taking jobs for Redis memory, or Redis reached maxmemory or has room again. */
  onMemory?: ((state: MemoryState) => void)[];
}

/** Runs each sink in turn on a non-empty list; a sink that throws is logged, and the others still run. */
export async function runSinks<T, X>(
  list: ((items: T[], o: JobOutcome, extra: X) => void | Promise<void>)[] | undefined,
  items: T[],
  outcome: JobOutcome,
  logger: Logger,
  extra: X,
): Promise<void> {
  if (!list || items.length === 0) return;
  for (const sink of list) {
    try {
      await sink(items, outcome, extra);
    } catch (err) {
      // Refused credentials or keys: the worker's own connections report them once and exit, not once per sink.
      if (!isCredentialsRefused(err) && !isPermissionDenied(err))
        logger.error({ err, job: outcome.job }, 'decision sink failed');
    }
  }
}
