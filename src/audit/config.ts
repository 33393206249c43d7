import { ConfigError } from '../errors.js';
import type { AuditLogOptions } from './append.js';
import type { Retention } from './retention.js';

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90d`, `12h`, `30m`, `45s` or plain milliseconds. */
export function parseDuration(text: string, what: string): number {
  const m = /^(\d+)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!m)
    throw new ConfigError(
      'BAD_DURATION',
      `${what} "${text}" is not a duration`,
      {},
      'use a number with a unit: 45s, 30m, 12h, 90d',
    );
  const n = Number(m[1]);
  return m[2] && m[2] !== 'ms' ? n * UNITS[m[2]] : n;
}

export function parseCount(text: string, what: string): number {
  if (!/^\d+$/.test(text.trim())) throw new ConfigError('BAD_COUNT', `${what} "${text}" is not a whole number`);
  return Number(text);
}

export function retentionFrom(maxLen?: string, maxAge?: string): Retention | undefined {
  if (!maxLen && !maxAge) return undefined;
  return {
    ...(maxLen ? { maxLen: parseCount(maxLen, 'audit retention count') } : {}),
    ...(maxAge ? { maxAgeMs: parseDuration(maxAge, 'audit retention age') } : {}),
  };
}

/** The audit settings (AUDIT_STREAM, AUDIT_FILE, AUDIT_MAX_LEN / AUDIT_MAX_AGE), as the configuration holds them. */
export interface AuditSettings {
  stream?: string;
  file?: string;
  retention?: Retention;
}

/**
 * One audit log's options: the configured stream, else `defaultKey` (next to
 * the queues). With `partition`, the mirror file is the partition's own
 * (`audit.ndjson` → `audit.p3.ndjson`): each partition has its own chain.
 */
export function auditOptionsFor(settings: AuditSettings, defaultKey: string, partition?: number): AuditLogOptions {
  const file = settings.file && partition !== undefined ? partitionFile(settings.file, partition) : settings.file;
  return {
    key: settings.stream ?? defaultKey,
    ...(file ? { file } : {}),
    ...(settings.retention ? { retention: settings.retention } : {}),
  };
}

/** `audit.ndjson` → `audit.p3.ndjson`; `audit` → `audit.p3`. */
export function partitionFile(file: string, partition: number): string {
  const m = /^(.*?)(\.[^./\\]+)?$/.exec(file)!;
  return `${m[1]}.p${partition}${m[2] ?? ''}`;
}
