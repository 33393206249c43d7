import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { createPseudonymiser, isToken, keyFromEnv, TOKEN_PREFIX } from '../../src/share/pseudonymise.js';

const keyA = Buffer.from('a'.repeat(64));
const keyB = Buffer.from('b'.repeat(64));

describe('pseudonymiser', () => {
  it('gives the same token for the same identifier under one key, spaces and case aside', () => {
    const p = createPseudonymiser(keyA);
    expect(p.token('DE123456789')).toBe(p.token(' de123456789 '));
    expect(p.token('DE123456789')).not.toBe(p.token('DE123456780'));
    expect(isToken(p.token('x'))).toBe(true);
    expect(p.token('x').startsWith(TOKEN_PREFIX)).toBe(true);
    expect(p.token('DE123456789')).not.toContain('DE123456789');
  });

  it('is a keyed HMAC: other key, other token and other key id', () => {
    const a = createPseudonymiser(keyA);
    const b = createPseudonymiser(keyB);
    expect(a.token('IMP-1')).not.toBe(b.token('IMP-1'));
    expect(a.keyId).not.toBe(b.keyId);
    expect(createPseudonymiser(Buffer.from(keyA)).keyId).toBe(a.keyId);
  });

  it('maps distinct identifiers to distinct tokens and tokens under two keys never coincide', () => {
    const a = createPseudonymiser(keyA);
    const b = createPseudonymiser(keyB);
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), fc.string({ minLength: 1, maxLength: 40 }), (x, y) => {
        const same = x.normalize('NFC').trim().toUpperCase() === y.normalize('NFC').trim().toUpperCase();
        expect(a.token(x) === a.token(y)).toBe(same);
        expect(a.token(x)).not.toBe(b.token(y));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a short key', () => {
    expect(() => createPseudonymiser(Buffer.from('short'))).toThrow(ConfigError);
  });

  it('names the variable when the key is missing or empty', () => {
    expect(() => keyFromEnv('PARTNER_KEY', {})).toThrow(/PARTNER_KEY .* is not set/);
    expect(() => keyFromEnv('PARTNER_KEY', { PARTNER_KEY: '  ' })).toThrow(/PARTNER_KEY .* is empty/);
    expect(keyFromEnv('PARTNER_KEY', { PARTNER_KEY: 'k'.repeat(40) }).length).toBe(40);
  });
});
