import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'score-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('targeting score', () => {
  const csv = [
    'id,date,hsCode,origin,departure,weight,value,taxes,quantity',
    'K1,2025-03-01,240220,AE,AE,100,1000,800,80', // cigarettes at 10/kg from AE: two rules, red
    'K2,2025-03-01,610910,CN,CN,100,1200,240,500', // ordinary T-shirts
    'K3,2025-03-01,61AB,CN,CN,100,1200,240,500', // bad HS code
    'K4,2025-03-01,720851,VN,SG,20000,16000,800,20', // anti-dumping circumvention pattern
  ].join('\n');

  it('writes one decision or rejection per record and a summary, with both engines agreeing', () => {
    const file = join(dir, 'in.csv');
    writeFileSync(file, csv);
    const outs = ['compiled', 'reference'].map((engine) => {
      const out = join(dir, `${engine}.ndjson`);
      const r = runCli(['score', file, '--rules', 'rules', '--engine', engine, '--out', out]);
      expect(r.status).toBe(0);
      expect(r.stderr).toMatch(/^scored 3 \(red 1, yellow 1, green 1\), rejected 1 — rule set default@[0-9a-f]{12}\n$/);
      return readFileSync(out, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
    });
    const [compiled, reference] = outs.map((lines) => lines.map(({ decidedAt, ...rest }) => rest));
    expect(compiled).toEqual(reference);
    expect(compiled.map((d) => d.channel ?? d.error)).toEqual([
      'red',
      'green',
      'line 4, record K3, field "hsCode": "61AB" is not an HS code — expected 6 to 10 digits, e.g. 610910 or 6109.10.00',
      'yellow',
    ]);
    expect(compiled[0].hits.map((h: { rule: string }) => h.rule)).toEqual([
      'cigarettes-below-reference-price',
      'tobacco-lane-gulf',
    ]);
    expect(compiled[0].hits[0].reason).toBe(
      'Cigarettes declared at 10 per kg, under half the usual 40 per kg: check the invoice and the excise base',
    );
    expect(compiled[2]).toEqual({ line: 4, id: 'K3', error: expect.any(String) });
  });

  it('with --capacity, sends the top share of each day to red, marked as capacity selections', () => {
    const file = join(dir, 'cap.csv');
    writeFileSync(file, csv);
    const out = join(dir, 'cap.ndjson');
    const r = runCli(['score', file, '--capacity', '50%', '--out', out]);
    expect(r.status).toBe(0);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // Three scored on one day: ceil(1.5) = 2 go red — the two highest scores — and the rejection keeps its place.
    expect(lines.map((d) => d.channel ?? 'rejected')).toEqual(['red', 'green', 'rejected', 'red']);
    expect(lines[3].selection).toBe('capacity');
    expect(r.stderr).toMatch(/^scored 3 \(red 2, yellow 0, green 1\), rejected 1/);
  });

  it('run from a folder without rules/, uses the rule set shipped with the package', () => {
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(elsewhere, { recursive: true });
    writeFileSync(join(elsewhere, 'in.csv'), csv);
    const r = runCli(['score', 'in.csv'], { cwd: elsewhere, env: { RULES_DIR: '' } });
    expect(r.status).toBe(0);
    const k1 = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id?: string; channel?: string; ruleset?: string })
      .find((d) => d.id === 'K1')!;
    expect(k1.channel).toBe('red');
    expect(k1.ruleset).toMatch(/^default@/);
  });

  it('refuses an unknown engine with a message that says what to use', () => {
    const file = join(dir, 'one.csv');
    writeFileSync(file, 'id\nX1\n');
    const r = runCli(['score', file, '--engine', 'fast']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('error: field "--engine": unknown engine "fast" — use compiled or reference\n');
  });
});

describe('targeting rules validate', () => {
  it('accepts the default rule set and fails with located messages on a broken one', () => {
    expect(runCli(['rules', 'validate', 'rules']).stdout).toMatch(
      /^ok: default@[0-9a-f]{12} — \d+ rules in 1 file\(s\)\n$/,
    );
    const bad = join(dir, 'bad');
    rmSync(bad, { recursive: true, force: true });
    mkdirSync(bad);
    writeFileSync(
      join(bad, 'x.json'),
      JSON.stringify({
        name: 'x',
        version: '1',
        thresholds: { red: 70, yellow: 40 },
        rules: [
          {
            name: 'r',
            conditions: { all: [{ fact: 'wieght', operator: 'greaterThan', value: 1 }] },
            event: { type: 't' },
            reason: 'r',
          },
        ],
      }),
    );
    const r = runCli(['rules', 'validate', bad]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(
      `${join(bad, 'x.json')}:1:106, rule "r", at $.rules[0].conditions.all[0].fact: unknown fact "wieght" — did you mean "weight"? run \`targeting features\` for the list, or declare it under "facts"\n`,
    );
  });
});

describe('targeting bench', () => {
  it('prints the JSON shape with compiled faster than reference', () => {
    const r = runCli(['bench', '--rows', '3000', '--history-rows', '5000', '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual([
      'compiled_per_s',
      'reference_per_s',
      'ratio',
      'compiled_with_profile_per_s',
      'profile_lookup_us',
      'profile_lookup_overhead',
    ]);
    expect(out.ratio).toBeGreaterThan(5);
    expect(out.ratio).toBeCloseTo(out.compiled_per_s / out.reference_per_s, 0);
  });
});
