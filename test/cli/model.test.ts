import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const FIXTURES = 'test/model/fixtures';

describe('targeting model', () => {
  const dir = mkdtempSync(join(tmpdir(), 'model-cli-'));
  const out = join(dir, 'gbdt.json');

  it('imports a LightGBM model through a mapping and describes it', () => {
    const imported = runCli([
      'model',
      'import',
      'lightgbm',
      `${FIXTURES}/gbdt-model.txt`,
      '--mapping',
      `${FIXTURES}/mapping.json`,
      '--out',
      out,
      '--from',
      '2025-01-01',
      '--to',
      '2025-12-31',
    ]);
    expect(imported.stderr).toMatch(/^model [0-9a-f]{12} "gbdt-model": 60 trees, 7 features \(weight, value, origin/);
    expect(imported.status).toBe(0);
    const info = runCli(['model', 'info', out, '--json']);
    expect(info.status).toBe(0);
    const summary = JSON.parse(info.stdout);
    expect(summary).toMatchObject({
      kind: 'gbdt',
      source: 'lightgbm',
      trees: 60,
      training: { from: '2025-01-01', rows: 3000 },
    });
    expect(summary.id).toBe(JSON.parse(readFileSync(out, 'utf8')).id);
    const text = runCli(['model', 'info', out]).stdout;
    expect(text).toContain('features (7): weight, value, origin [8 categories]');
    expect(text).toContain('training: 2025-01-01 to 2025-12-31, 3000 rows');
  });

  it('scores with --model: decisions carry the model id', () => {
    const r = runCli(['score', `${FIXTURES}/rows.csv`, '--mapping', `${FIXTURES}/mapping.json`, '--model', out]);
    expect(r.status).toBe(0);
    const decisions = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const id = JSON.parse(readFileSync(out, 'utf8')).id;
    expect(decisions.every((d) => d.model === id)).toBe(true);
    const model = decisions.flatMap((d) => d.hits).filter((h) => h.rule.startsWith('model-'));
    expect(model.length).toBeGreaterThan(0);
    expect(model[0].reason).toMatch(/risk points\): .+ \([+−][\d.]+\)/);
    expect(model[0].contributions.length).toBeGreaterThan(0);
  });

  it('a feature the mapping cannot resolve, a truncated file and a model of another mapping are clear errors', () => {
    const noMapping = runCli([
      'model',
      'import',
      'lightgbm',
      `${FIXTURES}/gbdt-model.txt`,
      '--out',
      join(dir, 'x.json'),
    ]);
    expect(noMapping.status).not.toBe(0);
    expect(noMapping.stderr).toMatch(
      /field "gross_mass": feature "gross_mass" is neither a column of the mapping nor a fact/,
    );
    const truncated = join(dir, 'truncated.json');
    writeFileSync(truncated, readFileSync(out, 'utf8').slice(0, 5000));
    const t = runCli(['score', `${FIXTURES}/rows.csv`, '--mapping', `${FIXTURES}/mapping.json`, '--model', truncated]);
    expect(t.status).not.toBe(0);
    expect(t.stderr.trim().split('\n')).toHaveLength(1);
    expect(t.stderr).toMatch(/truncated\.json: not a model file: the JSON is truncated/);
    const other = runCli(['score', `${FIXTURES}/rows.csv`, '--model', out]);
    expect(other.status).not.toBe(0);
    expect(other.stderr).toMatch(/at \$\.mapping: the model was imported with another mapping than the one in use/);
    const lgbTruncated = join(dir, 'cut.txt');
    writeFileSync(lgbTruncated, readFileSync(`${FIXTURES}/gbdt-model.txt`, 'utf8').slice(0, 20000));
    const cut = runCli([
      'model',
      'import',
      'lightgbm',
      lgbTruncated,
      '--mapping',
      `${FIXTURES}/mapping.json`,
      '--out',
      join(dir, 'y.json'),
    ]);
    expect(cut.stderr).toMatch(/the file ends before "end of trees" \(truncated\?\)/);
  });

  it('imports a random forest (boosting=rf)', () => {
    const r = runCli([
      'model',
      'import',
      'lightgbm',
      `${FIXTURES}/rf-model.txt`,
      '--mapping',
      `${FIXTURES}/mapping.json`,
      '--out',
      join(dir, 'rf.json'),
    ]);
    expect(r.status).toBe(0);
    expect(JSON.parse(runCli(['model', 'info', join(dir, 'rf.json'), '--json']).stdout).hyperParameters.boosting).toBe(
      'rf',
    );
  });
});
