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

/** Properties of an error that may carry what a command was sent: AUTH's password, a job's payload. */
const COMMAND_FIELDS = new Set(['command', 'args', 'argv', 'payload', 'data']);
/** Errors inside errors: a MULTI's queued commands, a cluster node's last error, a cause. */
const NESTED_ERRORS = ['previousErrors', 'lastNodeError', 'cause'];

/**
 * An error as it may be logged: message, type, code and stack, and a command's
 * name without its arguments. ioredis puts every command's arguments on its
 * errors — `AUTH user password` after a rotated password, the serialized job
 * of a failed write — and the default serializer would log them all. Used by
 * every logger (the `err` serializer) and by anything that prints an error.
 */
export function errorForLog(err: unknown, depth = 0): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const out: Record<string, unknown> = { type: err.name, message: err.message };
  if (err.stack) out.stack = err.stack;
  for (const [key, value] of Object.entries(err)) {
    if (key === 'message' || key === 'stack' || NESTED_ERRORS.includes(key)) continue;
    if (COMMAND_FIELDS.has(key)) {
      const name = (value as { name?: unknown } | null)?.name;
      if (key === 'command' && typeof name === 'string') out.command = name;
      continue;
    }
    // Scalars only (code, errno, syscall…): an object here is of unknown shape and may hold anything.
    if (value === null || typeof value !== 'object') out[key] = value;
  }
  if (depth < 2) {
    for (const key of NESTED_ERRORS) {
      const nested = (err as unknown as Record<string, unknown>)[key];
      if (Array.isArray(nested)) out[key] = nested.slice(0, 5).map((e) => errorForLog(e, depth + 1));
      else if (nested instanceof Error) out[key] = errorForLog(nested, depth + 1);
    }
  }
  return out;
}

/** JSON lines to stderr (stdout carries data: decisions, reports). */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino(
    {
      name,
      level,
      redact: { paths: redactPaths(extraRedactions()), censor: '[redacted]' },
      serializers: { err: errorForLog, error: errorForLog },
    },
    pino.destination(2),
  );
}

export type { Logger };
