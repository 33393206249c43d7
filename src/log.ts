import pino, { type Logger } from 'pino';

/**
 * Identifiers of traders are personal or commercially sensitive data: they are
 * redacted wherever they appear in a log line, at every level. Extra paths come
 * from REDACT_FIELDS (comma-separated field names).
 */
export const SENSITIVE_FIELDS = ['importer', 'declarant', 'exporter'];

export function redactPaths(extra: string[] = []): string[] {
  const fields = [...SENSITIVE_FIELDS, ...extra];
  // Three levels deep covers `{consignment: {importer}}`, `{payload: {...}}` and `{job: {data: {...}}}` shapes.
  return fields.flatMap((f) => [f, `*.${f}`, `*.*.${f}`, `*.*.*.${f}`]);
}

function extraRedactions(): string[] {
  return (process.env.REDACT_FIELDS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** JSON lines to stderr (stdout carries data: decisions, reports). */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino(
    {
      name,
      level,
      redact: { paths: redactPaths(extraRedactions()), censor: '[redacted]' },
    },
    pino.destination(2),
  );
}

export type { Logger };
