import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/features/profile.js';
import { runCli } from '../cli/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'profile-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('targeting profile build', () => {
  it('builds a profile from a history through a mapping and reports it', () => {
    const history = join(dir, 'h.csv');
    writeFileSync(
      history,
      'NO,DT,TIN,HS,KG,VAL,HIT\nA1,2025-01-02,T1,610910,10,100,1\nA2,2025-02-03,T2,610910,10,120,0\nA3,2025-03-04,T1,640399,5,90,0\n',
    );
    const mapping = join(dir, 'm.json');
    writeFileSync(
      mapping,
      JSON.stringify({
        columns: { id: 'NO', date: 'DT', importer: 'TIN', hsCode: 'HS', weight: 'KG', value: 'VAL', illicit: 'HIT' },
      }),
    );
    const out = join(dir, 'p.json');
    const r = runCli(['profile', 'build', history, '--mapping', mapping, '--out', out]);
    expect(r.status).toBe(0);
    const p = loadProfile(out);
    expect(r.stderr).toBe(
      `profile ${p.id.slice(0, 12)} from 3 rows (3 inspected, 1 illicit, 2025-01-02 to 2025-03-04), 0 rejected → ${out} in ${/in (\d+\.\d)s/.exec(r.stderr)![1]}s\n`,
    );
    expect(p.groups.importer).toEqual({ keys: ['T1', 'T2'], count: [2, 1], illicit: [1, 0], revenue: [0, 0] });
  });

  it('stops with the first error when the mapping does not fit the file', () => {
    const history = join(dir, 'h2.csv');
    writeFileSync(history, 'id,importer\nA1,T1\n');
    const mapping = join(dir, 'm2.json');
    writeFileSync(mapping, JSON.stringify({ columns: { id: 'id', importer: 'TIN' } }));
    const r = runCli(['profile', 'build', history, '--mapping', mapping, '--out', join(dir, 'p2.json')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `error: ${history}:1, field "TIN": column "TIN" (role importer) is not in the file — the header has: id, importer\n`,
    );
  });
});
