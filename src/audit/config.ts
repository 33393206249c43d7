import { ConfigError } from '../errors.js';
import { DEFAULT_PREFIX, ownKey } from '../queue/names.js';
import type { Retention } from './retention.js';

/** Next to the queues' keys (same cluster slot): `{targeting}:audit`. */
export function defaultAuditStream(prefix = DEFAULT_PREFIX): string {
  return ownKey(prefix, 'audit');
}

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
