import type { ChainableCommander } from 'ioredis';
import { consignmentHash } from '../audit/record.js';
import type { AuditItem, AuditLogOptions } from '../audit/append.js';
import type { AuditKeys } from '../audit/keys.js';
import type { AuditRecord } from '../audit/record.js';
import type { TrimResult } from '../audit/retention.js';
import { createCommitter, type Durability } from './commit.js';
import type { RedisClient } from './connection.js';

export type { AuditItem, AuditLogOptions } from '../audit/append.js';

/** A caller's own writes, made in the transaction that appends the records: both happen or neither. */
export interface Along {
  add(tx: ChainableCommander): void | Promise<void>;
}

export interface AuditLog {
  readonly keys: AuditKeys;
  /** The connection appends run on (their lease is WATCHed there). */
  readonly connection: RedisClient;
  /** Appends one record per decision; resolves once they are in Redis (and the mirror). */
  append(items: AuditItem[], along?: Along): Promise<AuditRecord[]>;
  trim(now?: Date): Promise<TrimResult>;
  /** Waits for appends in flight, then closes the log's connections. */
  close(): Promise<void>;
}

/**
 * The audit trail in a Redis stream on its own, without decisions to emit:
 * a committer (commit.ts) whose requests carry only records. Each append is one
 * stream entry holding its records (a JSON array); several logs may append to
 * one stream, taking turns, so the chain stays one line. Appends made while a
 * write is in flight go together in the next one.
 */
export function createAuditLog(redis: RedisClient, opts: AuditLogOptions & { durability?: Durability }): AuditLog {
  const { durability, ...audit } = opts;
  const committer = createCommitter({ redis, audit, maxGroup: 256, ...(durability ? { durability } : {}) });
  return {
    keys: committer.auditKeys!,
    connection: committer.connection,
    append(items, along) {
      if (items.length === 0 && !along) return Promise.resolve([]);
      // Hashed before the commit: the commit holds the writers' turn.
      const hashed = items.map((i) =>
        'consignmentHash' in i ? i : { decision: i.decision, consignmentHash: consignmentHash(i.consignment) },
      );
      return committer.commit({ ids: [], own: () => ({ audit: hashed, ...(along ? { along: along.add } : {}) }) });
    },
    trim: (now) => committer.trim(now),
    close: () => committer.close(),
  };
}
