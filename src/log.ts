import pino, { type Logger } from 'pino';

/**
 * Identifiers of traders are personal or commercially sensitive data: they are
 * redacted wherever they appear in a log line, at every level. Extra paths come
 * from the entry point's settings (REDACT_FIELDS).
 */
export const SENSITIVE_FIELDS = ['importer', 'declarant', 'exporter'];

export function redactPaths(extra: readonly string[] = []): string[] {
  const fields = [...SENSITIVE_FIELDS, ...extra];
  // Three levels deep covers `{consignment: {importer}}`, `{payload: {...}}` and `{job: {data: {...}}}` shapes.
  return fields.flatMap((f) => [f, `*.${f}`, `*.*.${f}`, `*.*.*.${f}`]);
}

export interface LogSettings {
  /** pino level (LOG_LEVEL). */
  level: string;
  /** Field names redacted beside the trader identifiers (REDACT_FIELDS). */
  redactFields: readonly string[];
}

let settings: LogSettings = { level: 'info', redactFields: [] };

/**
 * Set once by an entry point, from its configuration, before anything logs.
 * Modules create their loggers when imported; each is built on its first
 * line, so it takes the settings in force by then.
 */
export function configureLogging(next: Partial<LogSettings>): void {
  settings = { ...settings, ...next };
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
export function createLogger(name: string, level?: string): Logger {
  let real: Logger | undefined;
  const logger = () =>
    (real ??= pino(
      {
        name,
        level: level ?? settings.level,
        redact: { paths: redactPaths(settings.redactFields), censor: '[redacted]' },
        serializers: { err: errorForLog, error: errorForLog },
      },
      pino.destination(2),
    ));
  return new Proxy({} as Logger, {
    get(_, key) {
      const target = logger();
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
    set(_, key, value) {
      return Reflect.set(logger(), key, value);
    },
  });
}

export type { Logger };
