import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { csvHeader, csvLine } from '../../src/dataset/csv.js';
import { generateDeclarations } from '../../src/dataset/generate.js';
import { runCli } from '../cli/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'dataset-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('targeting dataset generate', () => {
  const expected =
    [csvHeader(), ...[...generateDeclarations({ rows: 50, seed: 9 })].map((r) => csvLine(r))].join('\n') + '\n';

  it('writes the seeded rows as CSV to stdout', () => {
    const r = runCli(['dataset', 'generate', '--rows', '50', '--seed', '9']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(expected);
  });

  it('writes to --out', () => {
    const out = join(dir, 'd.csv');
    expect(runCli(['dataset', 'generate', '--rows', '50', '--seed', '9', '--out', out]).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(expected);
  });

  it('refuses a row count that is not a positive integer', () => {
    const r = runCli(['dataset', 'generate', '--rows', 'many']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/--rows <n>.*expected an integer/);
  });
});
