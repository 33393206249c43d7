import { createHmac } from 'node:crypto';
import { ConfigError } from '../errors.js';

/** Marks a token and its scheme: a value carrying it is never tokenised again or shared on. */
export const TOKEN_PREFIX = 'ps1_';

/** Shorter keys are refused: an HMAC key must not be guessable from a dictionary. */
export const MIN_KEY_BYTES = 32;

export interface Pseudonymiser {
  /** Short public fingerprint of the key: both sides can check they use the same one. */
  readonly keyId: string;
  /** Same identifier → same token under one key; tokens under two keys cannot be linked. */
  token(identifier: string): string;
}

/**
 * Identifiers are compared the way customs systems compare them: surrounding
 * spaces and letter case do not make a different trader.
 */
export function normaliseIdentifier(identifier: string): string {
  return identifier.normalize('NFC').trim().toUpperCase();
}

export function isToken(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith(TOKEN_PREFIX);
}

export function createPseudonymiser(key: Buffer): Pseudonymiser {
  if (key.length < MIN_KEY_BYTES) {
    throw new ConfigError(
      'WEAK_KEY',
      `the pseudonymisation key has ${key.length} bytes, fewer than ${MIN_KEY_BYTES}`,
      {},
      'generate one with: openssl rand -hex 32',
    );
  }
  const mac = (text: string) => createHmac('sha256', key).update(text, 'utf8').digest();
  return {
    keyId: mac('customs-targeting/key-id').subarray(0, 6).toString('hex'),
    token: (identifier) => TOKEN_PREFIX + mac(`id:${normaliseIdentifier(identifier)}`).toString('base64url'),
  };
}

/** The key held in environment variable `name`; a missing or empty one stops the command with a clear message. */
export function keyFromEnv(name: string, env: Record<string, string | undefined>): Buffer {
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    throw new ConfigError(
      'MISSING_KEY',
      `environment variable ${name} holding the pseudonymisation key is ${value === undefined ? 'not set' : 'empty'}`,
      { field: name },
      `set it to the key agreed with the partner administration (at least ${MIN_KEY_BYTES} bytes, e.g. openssl rand -hex 32)`,
    );
  }
  return Buffer.from(value.trim(), 'utf8');
}
