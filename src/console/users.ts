import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';

export const ROLES = ['officer', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface ConsoleUser {
  name: string;
  role: Role;
  /** Customs offices an officer works for (an officer sees and records for these only). */
  offices: string[];
  /** `scrypt$N$r$p$salt$hash`, salt and hash base64. */
  hash: string;
}

export const DEFAULT_USERS_FILE = 'console-users.json';

// One of OWASP's equivalent scrypt floors: 32 MiB per hash (the 128 MiB one would let a burst of log-ins exhaust memory).
const PARAMS = { N: 1 << 15, r: 8, p: 3 };
const KEY_BYTES = 32;

function scrypt(password: string, salt: Buffer, o: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, KEY_BYTES, { ...o, maxmem: 64 * 1024 * 1024 }, (e, key) => (e ? reject(e) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, key] = stored.split('$');
  if (kind !== 'scrypt' || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const given = await scrypt(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A hash of a random password: checking an unknown name costs as much as a known one (no user enumeration by timing). */
let decoy: Promise<string> | undefined;
export const decoyHash = (): Promise<string> => (decoy ??= hashPassword(randomBytes(16).toString('hex')));

export const validName = (name: string): boolean => /^[\w.@-]{1,64}$/.test(name);

/**
 * The users file (`CONSOLE_USERS_FILE`): JSON `{"users": [...]}`, owner-only.
 * Re-read when it changes on disk, so `console user add` takes effect without a restart.
 */
export class UserStore {
  private cached?: { mtimeMs: number; users: ConsoleUser[] };

  constructor(readonly file: string) {}

  list(): ConsoleUser[] {
    if (!existsSync(this.file)) return [];
    const { mtimeMs } = statSync(this.file);
    if (this.cached?.mtimeMs === mtimeMs) return this.cached.users;
    const users = parseUsers(readFileSync(this.file, 'utf8'), this.file);
    this.cached = { mtimeMs, users };
    return users;
  }

  get(name: string): ConsoleUser | undefined {
    return this.list().find((u) => u.name === name);
  }

  /** Adds a user, or replaces the one with that name (a new password, role or offices). */
  async add(name: string, role: Role, offices: string[], password: string): Promise<ConsoleUser> {
    if (!validName(name))
      throw new ConfigError(
        'BAD_USER',
        `"${name}" is not a user name`,
        { field: 'name' },
        'use letters, digits, . _ @ -',
      );
    if (!ROLES.includes(role))
      throw new ConfigError('BAD_ROLE', `"${role}" is not a role`, { field: 'role' }, `one of ${ROLES.join(', ')}`);
    if (password.length < 12)
      throw new ConfigError('WEAK_PASSWORD', 'the password is shorter than 12 characters', { field: 'password' });
    if (role === 'officer' && offices.length === 0)
      throw new ConfigError(
        'NO_OFFICE',
        `officer ${name} needs at least one office`,
        { field: 'office' },
        'add --office CODE',
      );
    const user: ConsoleUser = { name, role, offices, hash: await hashPassword(password) };
    this.write([...this.list().filter((u) => u.name !== name), user]);
    return user;
  }

  remove(name: string): boolean {
    const users = this.list();
    const kept = users.filter((u) => u.name !== name);
    if (kept.length === users.length) return false;
    this.write(kept);
    return true;
  }

  private write(users: ConsoleUser[]): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ users }, null, 2) + '\n', { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.file);
    this.cached = undefined;
  }
}

function parseUsers(text: string, file: string): ConsoleUser[] {
  let value: { users?: unknown };
  try {
    value = JSON.parse(text) as { users?: unknown };
  } catch (e) {
    throw new ConfigError('BAD_USERS_FILE', `not JSON (${(e as Error).message})`, { file });
  }
  if (!Array.isArray(value.users))
    throw new ConfigError(
      'BAD_USERS_FILE',
      'expected {"users": [...]}',
      { file },
      'add users with `targeting console user add`',
    );
  return value.users.map((u: Partial<ConsoleUser>, i) => {
    if (typeof u.name !== 'string' || !ROLES.includes(u.role as Role) || typeof u.hash !== 'string')
      throw new ConfigError('BAD_USERS_FILE', `user ${i + 1} needs a name, a role and a hash`, {
        file,
        path: `users[${i}]`,
      });
    return {
      name: u.name,
      role: u.role as Role,
      offices: Array.isArray(u.offices) ? u.offices.map(String) : [],
      hash: u.hash,
    };
  });
}
