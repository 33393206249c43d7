import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../src/canonical-json.js';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'model-train-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('targeting model train', () => {
  it('writes a sealed model file from a labelled history and says what it chose', () => {
    const out = join(dir, 'models', 'sample.json');
    const r = runCli(['model', 'train', 'datasets/sample.csv', '--out', out, '--seed', '2']);
    expect(r.stderr).toMatch(/chosen: (gbdt|rf) /);
    expect(r.status).toBe(0);
    const model = JSON.parse(readFileSync(out, 'utf8'));
    const { id, ...body } = model;
    expect(id).toBe(sha256Hex(canonicalJson(body)));
    expect(model).toMatchObject({ format: 'customs-targeting-model', version: 1, name: 'sample', source: 'trained' });
    expect(model.hyperParameters.seed).toBe(2);
    expect(model.ensemble.trees.length).toBeGreaterThan(0);
  }, 300_000);

  it('fails with an actionable error when the mapping reads no outcome', () => {
    const mapping = join(dir, 'no-outcome.json');
    writeFileSync(mapping, JSON.stringify({ columns: { id: 'id', date: 'date', hsCode: 'hsCode' } }));
    const r = runCli(['model', 'train', 'datasets/sample.csv', '--out', join(dir, 'x.json'), '--mapping', mapping]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/0 labelled declarations.*needs both outcomes/);
    expect(r.stderr).toMatch(/role "illicit"/);
  });
});
