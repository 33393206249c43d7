import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'score-declarations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixtures = 'test/declaration/fixtures';
const rules = `${fixtures}/rules`;
const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

describe('targeting score on WCO DM XML', () => {
  it('writes one decision per declaration whose items match its goods items; explains the driving item', () => {
    const out = join(dir, 'decisions.ndjson');
    const r = runCli([
      'score',
      `${fixtures}/cds-import.xml`,
      '--format',
      'wco',
      '--out',
      out,
      '--rules',
      rules,
      '--explain-items',
    ]);
    expect(r.status).toBe(0);
    const [d, ...rest] = lines(out);
    expect(rest).toEqual([]);
    expect(d.items.map((i: { item: number }) => i.item)).toEqual([1, 2, 3, 4]);
    expect(d).toMatchObject({ id: 'REF-H1-0001', channel: 'yellow', score: 55 });
    expect(r.stderr).toContain('→ item 3: yellow');
    expect(r.stderr).toContain('item 3 drove the channel:\n    handbags-vietnam (+45): Item 3: HS 4202210010 from VN');
  });

  it('detects XML without --format and scores the rest of a file around rejected messages', () => {
    const file = join(dir, 'messages');
    copyFileSync(`${fixtures}/cds-batch.xml`, file);
    const out = join(dir, 'batch.ndjson');
    const r = runCli(['score', file, '--out', out, '--rules', rules]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^scored 3 \(red 1, yellow 0, green 2\), rejected 3, cancellations recorded 1/);
    const got = lines(out);
    expect(got.map((l) => l.id ?? l.line)).toEqual([
      'REF-A',
      '24GB3S8DXYZ1234567',
      '24GB3S8DXYZ7654321',
      59,
      'REF-C',
      'REF-D',
      'REF-E',
    ]);
    expect(got[0].hits).toEqual([expect.objectContaining({ rule: 'high-value', item: 2 })]);
    expect(got[1]).toMatchObject({ amends: '24GB3S8DXYZ1234567', message: 'REF-A-AMD1' });
    expect(got[2]).toEqual({
      id: '24GB3S8DXYZ7654321',
      function: 'cancellation',
      message: 'REF-B-CANCEL',
      recorded: true,
    });
  });
});
