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

/** JSON lines to stderr (stdout carries data: decisions, reports). */
export function createLogger(name: string, level?: string): Logger {
  let real: Logger | undefined;
  const logger = () =>
    (real ??= pino(
      {
        name,
        level: level ?? settings.level,
        redact: { paths: redactPaths(settings.redactFields), censor: '[redacted]' },
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
