import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

export const SESSION_COOKIE = 'ct_session';
/** Officers work shifts: a session lasts at most 12 hours. */
export const SESSION_MS = 12 * 3_600_000;

export interface Session {
  user: string;
  /** Random per log-in: the CSRF token is derived from it. */
  nonce: string;
  expires: number;
}

/** CONSOLE_SESSION_SECRET, else a secret generated once and kept owner-only beside the users file. */
export function sessionSecret(fromEnv: string | undefined, usersFile: string): Buffer {
  if (fromEnv && fromEnv.length > 0) return Buffer.from(fromEnv);
  const file = `${usersFile}.secret`;
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  }
  return Buffer.from(readFileSync(file, 'utf8').trim());
}

export function sign(secret: Buffer, purpose: string, text: string): string {
  return createHmac('sha256', secret).update(`${purpose}\n${text}`).digest('base64url');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Signed, not encrypted: the cookie names the user and the expiry, nothing secret. */
export function sessionCookieValue(secret: Buffer, s: Session): string {
  const body = Buffer.from(JSON.stringify(s)).toString('base64url');
  return `${body}.${sign(secret, 'session', body)}`;
}

export function readSession(secret: Buffer, value: string | undefined, now = Date.now()): Session | undefined {
  if (!value) return undefined;
  const dot = value.indexOf('.');
  if (dot < 0) return undefined;
  const body = value.slice(0, dot);
  if (!sameText(value.slice(dot + 1), sign(secret, 'session', body))) return undefined;
  try {
    const s = JSON.parse(Buffer.from(body, 'base64url').toString()) as Session;
    return typeof s.user === 'string' && typeof s.nonce === 'string' && s.expires > now ? s : undefined;
  } catch {
    return undefined;
  }
}

export function newSession(user: string, now = Date.now()): Session {
  return { user, nonce: randomBytes(16).toString('base64url'), expires: now + SESSION_MS };
}

/** Cookie attributes: script-proof, same-site only, Secure when served over TLS. */
export function cookieOptions(secure: boolean, maxAgeMs = SESSION_MS) {
  return { httpOnly: true, sameSite: 'strict' as const, secure, path: '/', maxAge: maxAgeMs };
}

/** `Cookie:` header → name/value pairs. */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
  }
  return out;
}

export { sameText };
