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

/**
 * Audit settings of a worker from its environment: AUDIT_STREAM (key; default
 * `defaultKey`, next to the queues), AUDIT_FILE (NDJSON mirror), AUDIT_MAX_LEN /
 * AUDIT_MAX_AGE (retention). With `partition`, the mirror file is the
 * partition's own (`audit.ndjson` → `audit.p3.ndjson`): each partition has its own chain.
 */
export function auditOptionsFromEnv(env: NodeJS.ProcessEnv, defaultKey: string, partition?: number): AuditLogOptions {
  const retention = retentionFrom(env.AUDIT_MAX_LEN, env.AUDIT_MAX_AGE);
  const file = env.AUDIT_FILE && partition !== undefined ? partitionFile(env.AUDIT_FILE, partition) : env.AUDIT_FILE;
  return {
    key: env.AUDIT_STREAM?.trim() || defaultKey,
    ...(file ? { file } : {}),
    ...(retention ? { retention } : {}),
  };
}

/** `audit.ndjson` → `audit.p3.ndjson`; `audit` → `audit.p3`. */
export function partitionFile(file: string, partition: number): string {
  const m = /^(.*?)(\.[^./\\]+)?$/.exec(file)!;
  return `${m[1]}.p${partition}${m[2] ?? ''}`;
}
