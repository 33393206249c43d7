import type { Job } from 'bullmq';
import { consignmentHash } from '../audit/record.js';
import type { Config } from '../config/load.js';
import { emittedDecision, limitedDecider, type PurposePolicy } from '../config/purpose.js';
import { StreamingCapacity } from '../decision/capacity.js';
import type { Decision } from '../decision/decision.js';
import type { Logger } from '../log.js';
import { NotReplicated } from './commit.js';
import type { DeciderRef } from './decider-ref.js';
import type { ResultEmitter } from './emitter.js';
import { isTransientRedisError } from './redis-errors.js';
import { runSinks, type JobOutcome, type ScoringSinks } from './scoring-sinks.js';
import { scorePayload, type ScoredPayload } from './scoring-processor.js';
import { refuseTooDeep, type RawPayload } from './sized-worker.js';
import { retryTransient } from './transient-retry.js';

export interface JobScorerOptions {
  config: Config;
  deciders: DeciderRef;
  logger: Logger;
  sinks: ScoringSinks;
  /** Writes each job's decisions and rejections (the commit and its audit records). */
  emitter: ResultEmitter;
  /** Whether the commit appends audit records: the consignments are hashed for them before it. */
  audited: boolean;
  purpose?: PurposePolicy;
}

export interface JobScorer {
  /** One input job: score it, commit what it owns, run the sinks; resolves with what it did. */
  process(job: Job, raw: RawPayload): Promise<JobOutcome>;
  stop(): void;
}

/**
 * The scoring worker's processor: input job → scored payload → commit (retried
 * through Redis' transient faults, whatever attempts the job carries) → sinks.
 * One rule set decides a whole job, even if a reload happens meanwhile.
 */
export function jobScorer(o: JobScorerOptions): JobScorer {
  const { config, deciders, logger, sinks, emitter, purpose } = o;
  // Each worker keeps its own selector: with N workers sharing the flow, each sends its share of the rate.
  const capacity = config.capacity !== undefined ? new StreamingCapacity({ rate: config.capacity }) : undefined;
  // Info level gets one line per interval, not one per job: single jobs run at thousands a second.
  const totals = { jobs: 0, decided: 0, duplicates: 0, rejected: 0 };
  const summary = setInterval(() => {
    if (totals.jobs === 0) return;
    logger.info({ ...totals, ruleset: deciders.current.rulesetId, intervalS: SUMMARY_EVERY_MS / 1000 }, 'jobs done');
    Object.assign(totals, { jobs: 0, decided: 0, duplicates: 0, rejected: 0 });
  }, SUMMARY_EVERY_MS).unref();

  const process = async (job: Job, raw: RawPayload): Promise<JobOutcome> => {
    const decider = deciders.current;
    const source = raw.jobId ?? job.id ?? job.name;
    if (raw.jobId)
      logger.warn(
        { job: raw.jobId },
        'job id is not well-formed UTF-16: BullMQ cannot name it, the worker finishes it',
      );
    const started = performance.now();
    const scored: ScoredPayload = raw.refused
      ? { ids: [], decisions: [], consignments: [], rejections: [raw.refused] }
      : refuseTooDeep(
          scorePayload(job.data, raw.bytes, purpose ? limitedDecider(decider, purpose) : decider, config),
          raw,
        );
    const scoringMs = performance.now() - started;
    // Hashed here, not in the commit: the commit holds the audit log's writers' turn, and this is its longest part.
    const hashes = o.audited ? scored.consignments.map(consignmentHash) : undefined;
    const emit = () =>
      emitter.emit({
        source,
        ids: scored.ids,
        rejections: scored.rejections,
        own: (owned) => {
          const all = owned.length === scored.decisions.length;
          const mine = all ? scored.decisions : owned.map((i) => scored.decisions[i]);
          const consignments = all ? scored.consignments : owned.map((i) => scored.consignments[i]);
          const consignmentHashes = hashes && (all ? hashes : owned.map((i) => hashes[i]));
          // Capacity is applied to owned decisions only, so a re-run job does not spend the day's budget twice.
          if (capacity)
            for (let i = 0; i < mine.length; i++)
              mine[i] = capacity.apply(mine[i], consignments[i].date, decider.thresholds);
          const emitted = purpose ? mine.map((d) => emittedDecision(d, purpose) as Decision) : mine;
          return { decisions: mine, consignments, emitted, ...(consignmentHashes ? { consignmentHashes } : {}) };
        },
      });
    const owned = await retryTransient(emit, {
      // Too few replicas for REDIS_WAIT_REPLICAS (in a failover: the wait cut when the client moved, then no replica
      // until the old master is back as one of the new) is waited out like Redis' own faults, whatever attempts the
      // job carries: the commit again finds under the lease what the last try wrote, and waits for the replicas again.
      retryable: (e) => e instanceof NotReplicated || isTransientRedisError(e),
      onRetry: (err, attempt, delayMs) => {
        for (const sink of sinks.onRetry ?? []) sink(transientKind(err));
        // The first retry and every tenth: a Redis restart must show in the log, not flood it.
        if (attempt === 1 || attempt % 10 === 0)
          logger.warn({ job: source, attempt, delayMs, err }, 'transient Redis error: retrying the commit');
      },
    });
    const { decisions } = owned;
    const outcome: JobOutcome = {
      job: source,
      ruleset: decider.rulesetId,
      decided: decisions.length,
      duplicates: scored.decisions.length - decisions.length,
      rejected: scored.rejections.length,
      scoringMs,
    };
    if (outcome.rejected) {
      logger.warn(
        { ...outcome, reasons: scored.rejections.slice(0, 5).map((r) => `${r.code}: ${r.reason}`) },
        'rejected input',
      );
    }
    logger.debug(outcome, 'job done');
    totals.jobs++;
    totals.decided += outcome.decided;
    totals.duplicates += outcome.duplicates;
    totals.rejected += outcome.rejected;
    await runSinks(sinks.onDecisions, decisions, outcome, logger, owned);
    await runSinks(sinks.onRejections, scored.rejections, outcome, logger, undefined);
    return outcome;
  };

  return { process, stop: () => clearInterval(summary) };
}

const SUMMARY_EVERY_MS = 10_000;

/** OOM, LOADING, READONLY…: the reply's first word; `replicas` for too few replicas; anything else is a lost connection. */
export function transientKind(err: unknown): string {
  if (err instanceof NotReplicated) return 'replicas';
  const word = /^([A-Z]{3,})\b/.exec((err as Error | null)?.message ?? '')?.[1];
  return word ?? 'connection';
}
