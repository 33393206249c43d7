import { TargetingError } from '../errors.js';

/**
 * One setting of the configuration schema: the environment variable that
 * carries it, what it is for, its default as `--help` shows it, and how its
 * text becomes a value. `read` throws a plain message naming the problem; the
 * loader gathers every message so one start reports all of them.
 */
export interface Setting<T> {
  env: string;
  /** Section of `targeting worker --help` and docs/operations.md. */
  group: string;
  help: string;
  /** The default as shown to a user; none when the setting is off unless set. */
  shown?: string;
  /** `env` is there for the rare setting that names another variable (WATCHLIST_KEY_ENV). */
  read(text: string | undefined, env: Env): T;
  /** Never echoed in a problem (a URL with a password, a password). */
  secret?: boolean;
}

export type Env = Record<string, string | undefined>;

/** A setting as written in its section, which gives it its group. */
export type Ungrouped<T> = Omit<Setting<T>, 'group'>;

/** The settings of one section of `--help`, each given the section's group. */
export function section<S extends Record<string, Ungrouped<unknown>>>(group: string, settings: S): NoInfer<Grouped<S>> {
  return Object.fromEntries(Object.entries(settings).map(([key, s]) => [key, { ...s, group }])) as Grouped<S>;
}

type Grouped<S> = { [K in keyof S]: S[K] & { group: string } };

/** Reads one setting; a problem goes to `problems` and the value falls back to the unset one. */
export function readSetting<T>(s: Setting<T>, env: Env, problems: string[]): T {
  const text = blankToUndefined(env[s.env]);
  try {
    return s.read(text, env);
  } catch (e) {
    // A TargetingError already names its setting and file; a plain one is phrased to follow the value.
    const message = (e as Error).message;
    if (e instanceof TargetingError) problems.push(message);
    else problems.push(s.secret ? `${s.env} ${message}` : `${s.env}="${text}" ${message}`);
    return s.read(undefined, env);
  }
}

function blankToUndefined(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}

interface Described {
  help: string;
  secret?: boolean;
}

export function text(env: string, fallback: string, d: Described): Ungrouped<string> {
  return { env, ...d, shown: fallback, read: (t) => t ?? fallback };
}

export function optional(env: string, d: Described): Ungrouped<string | undefined> {
  return { env, ...d, read: (t) => t };
}

export function integer(env: string, fallback: number, min: number, max: number, d: Described): Ungrouped<number> {
  return {
    env,
    ...d,
    shown: String(fallback),
    read: (t) => {
      if (t === undefined) return fallback;
      const n = Number(t);
      if (!Number.isInteger(n) || n < min || n > max) throw new Error(`must be an integer from ${min} to ${max}`);
      return n;
    },
  };
}

const OFF = ['0', 'false', 'no', 'off'];
const ON = ['1', 'true', 'yes', 'on'];

export function flag(env: string, fallback: boolean, d: Described): Ungrouped<boolean> {
  return {
    env,
    ...d,
    shown: fallback ? 'on' : 'off',
    read: (t) => {
      if (t === undefined) return fallback;
      const v = t.toLowerCase();
      if (OFF.includes(v)) return false;
      if (ON.includes(v)) return true;
      throw new Error(`must be one of ${[...ON, ...OFF].join(', ')}`);
    },
  };
}

/** A setting whose text is parsed by `parse` (which throws a message on bad input); unset → `fallback`. */
export function parsed<T>(
  env: string,
  parse: (text: string, env: Env) => T,
  d: Described & { shown?: string; fallback?: T },
): Ungrouped<T | undefined> {
  const { fallback, ...rest } = d;
  return { env, ...rest, read: (t, e) => (t === undefined ? fallback : parse(t, e)) };
}
