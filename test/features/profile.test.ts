import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMapping } from '../../src/declaration/mapping.js';
import { buildProfileFile } from '../../src/features/build-file.js';
import { loadProfileLookup } from '../../src/features/lookup.js';
import { loadProfile } from '../../src/features/profile.js';
import { ProfileError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'profile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('profile file', async () => {
  const out = join(dir, 'sample.profile.json');
  const mapping = loadMapping('datasets/sample.mapping.json');
  const { id } = await buildProfileFile('datasets/sample.csv', out, { mapping });

  it('carries its sha256 id, source row count, date range and mapping', () => {
    const p = loadProfile(out);
    expect(p.id).toBe(id);
    expect(p.id).toMatch(/^[0-9a-f]{64}$/);
    expect(p.source.rows).toBe(5000);
    expect(p.source.dateRange).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(p.source.mapping).toEqual(mapping);
    expect(loadProfileLookup(out).id).toBe(id);
  });

  it('refuses a file whose content no longer matches its id', () => {
    const edited = join(dir, 'edited.json');
    writeFileSync(edited, readFileSync(out, 'utf8').replace('"illicit":', '"illicit": '));
    expect(() => loadProfile(edited)).toThrow(ProfileError);
    expect(() => loadProfile(edited)).toThrow(/edited\.json: its content does not match its id/);
  });

  it('names what is wrong with a file that is not a profile', () => {
    const other = join(dir, 'other.json');
    writeFileSync(other, '{"format":"something-else"}');
    expect(() => loadProfile(other)).toThrow(/unknown profile format "something-else"/);
    expect(() => loadProfile(join(dir, 'missing.json'))).toThrow(/cannot read the profile \(ENOENT\)/);
  });

  it('is reproducible: the same history gives the same statistics', async () => {
    const again = join(dir, 'again.json');
    await buildProfileFile('datasets/sample.csv', again, { mapping });
    const [a, b] = [loadProfile(out), loadProfile(again)];
    expect(b.groups).toEqual(a.groups);
    expect(b.prices).toEqual(a.prices);
  });
});
