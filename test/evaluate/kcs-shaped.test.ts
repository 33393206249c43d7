import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'kcs-shaped-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Measures {
  rows: number;
  at: Record<string, { precision: number }>;
  channels: { red: number; yellow: number; green: number };
  variants: Record<string, { at: Record<string, { precision: number }> }>;
  baselines: Record<string, { at: Record<string, { precision: number }> }>;
}

/**
 * Another administration's schema end to end: its columns through a mapping (HS codes of 9 and 10 digits, blank
 * sellers and couriers, numeric office codes), `evaluate --calibrate` fitting, writing and loading its scorecard
 * file and its model on them.
 */
describe('evaluate --calibrate on a KCS-shaped dataset', () => {
  let measures: Measures;
  beforeAll(async () => {
    await run(process.execPath, ['dist/bench/kcs-shaped.js', '--rows', '12000', '--seed', '3', '--out', dir]);
    await run(
      process.execPath,
      [
        'dist/src/cli/main.js',
        'evaluate',
        ...['--train', join(dir, 'train.csv'), '--test', join(dir, 'test.csv')],
        ...['--mapping', join(dir, 'mapping.json'), '--calibrate'],
        ...['--out', join(dir, 'scorecard.json'), '--model-out', join(dir, 'model.json')],
        ...['--json', join(dir, 'measures.json')],
      ],
      { timeout: 240_000 },
    );
    measures = JSON.parse(readFileSync(join(dir, 'measures.json'), 'utf8')) as Measures;
  }, 300_000);

  it('selects better than the importer baseline, the rules and the scorecard, with red near its 5 % target', () => {
    const importer = measures.baselines.importer.at;
    const { rules, scorecard, model } = measures.variants;
    for (const p of ['5', '10']) {
      expect(measures.at[p].precision).toBeGreaterThan(1.5 * importer[p].precision);
      expect(model.at[p].precision).toBeGreaterThan(1.5 * importer[p].precision);
      expect(measures.at[p].precision).toBeGreaterThan(rules.at[p].precision);
      expect(measures.at[p].precision).toBeGreaterThan(scorecard.at[p].precision);
    }
    const red = measures.channels.red / measures.rows;
    expect(red).toBeGreaterThan(0.03);
    expect(red).toBeLessThan(0.08);
  });

  it('writes a scorecard file that validates', async () => {
    const { stdout } = await run(process.execPath, [
      'dist/src/cli/main.js',
      'rules',
      'validate',
      join(dir, 'scorecard.json'),
    ]);
    expect(stdout).toMatch(/ok/i);
  });
});
