import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPseudonymiser } from '../../src/share/pseudonymise.js';

const CLI = resolve('dist/src/cli/main.js');
const KEY = 'f'.repeat(64);
let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'share-cli-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, AB_KEY: KEY, ...env }, encoding: 'utf8' });

describe('targeting share (CLI)', () => {
  it('exports decisions with whitelisted fields and tokens, from plain lines and decisions-queue jobs', () => {
    const file = join(dir, 'decisions.ndjson');
    const d = {
      id: 'DECL-1',
      score: 90,
      channel: 'red',
      hits: [{ rule: 'r', points: 90, reason: 'why' }],
      ruleset: 'default@abc',
      decidedAt: '2026-11-23T00:00:00Z',
      importer: 'IMP-1',
    };
    writeFileSync(
      file,
      `${JSON.stringify(d)}\n${JSON.stringify({ sources: ['job-1'], decisions: [{ ...d, id: 'DECL-2' }] })}\n`,
    );
    const res = run(['share', file, '--key-env', 'AB_KEY', '--fields', 'id,channel,importer']);
    expect(res.status, res.stderr).toBe(0);
    const p = createPseudonymiser(Buffer.from(KEY));
    expect(
      res.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { id: p.token('DECL-1'), channel: 'red', importer: p.token('IMP-1') },
      { id: p.token('DECL-2'), channel: 'red', importer: p.token('IMP-1') },
    ]);
    expect(res.stderr).toContain(`key id ${p.keyId}`);
    // --fields given as separate words works too.
    const words = run(['share', file, '--key-env', 'AB_KEY', '--fields', 'id', 'channel']);
    expect(JSON.parse(words.stdout.split('\n')[0])).toEqual({ id: p.token('DECL-1'), channel: 'red' });
  });

  it("round-trips a watchlist: our export under a shared key imports on the partner's side with the same tokens", () => {
    const ours = join(dir, 'ours.csv');
    writeFileSync(
      ours,
      'type,id,source,reason,validUntil,confidentiality\nimporter,IMP-42,local,undervaluation,2099-01-01,restricted\nhsCode,240220,local,cigarettes,,public\n',
    );
    const out = join(dir, 'export.csv');
    expect(run(['share', ours, '--key-env', 'AB_KEY', '--source', 'FR', '--out', out]).status).toBe(0);
    const imported = run(['share', 'import', out, '--into', join(dir, 'watchlists')]);
    expect(imported.status, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ imported: 2, refused: [] });
    const text = readFileSync(join(dir, 'watchlists', 'partner-fr.csv'), 'utf8');
    expect(text).toContain(
      `importer,${createPseudonymiser(Buffer.from(KEY)).token('IMP-42')},FR,undervaluation,2099-01-01,restricted`,
    );
    expect(text).not.toContain('IMP-42');
    // Sharing the partner's entries on is refused: they stay between the two administrations.
    const reshared = run(['share', join(dir, 'watchlists', 'partner-fr.csv'), '--key-env', 'AB_KEY']);
    expect(reshared.stdout.trim().split('\n')).toHaveLength(2);
    expect(reshared.stderr).toContain('not shared on');
  });

  it("matches our consignments against a partner's imported watchlist through the shared key", () => {
    // Partner side: its own watchlist, exported under the key both administrations hold.
    const theirs = join(dir, 'theirs.csv');
    writeFileSync(
      theirs,
      'type,id,source,reason,validUntil,confidentiality\nimporter,IMP-77,local,front company,2099-01-01,restricted\n',
    );
    const exported = join(dir, 'from-be.csv');
    expect(run(['share', theirs, '--key-env', 'AB_KEY', '--source', 'BE-AGD', '--out', exported]).status).toBe(0);
    // Our side: import it next to our rules and score.
    const rules = join(dir, 'rules');
    mkdirSync(rules);
    copyFileSync(resolve('rules/default.json'), join(rules, 'default.json'));
    expect(run(['share', 'import', exported, '--into', join(rules, 'watchlists')]).status).toBe(0);
    const consignments = join(dir, 'c.ndjson');
    writeFileSync(
      consignments,
      `${JSON.stringify({ id: 'C1', importer: ' imp-77 ', hsCode: '610910', origin: 'CN', value: 1000, weight: 100 })}\n${JSON.stringify({ id: 'C2', importer: 'IMP-78', hsCode: '610910', origin: 'CN', value: 1000, weight: 100 })}\n`,
    );
    const hits = (env: Record<string, string>) => {
      const res = run(['score', consignments, '--rules', rules], env);
      expect(res.status, res.stderr).toBe(0);
      return res.stdout
        .trim()
        .split('\n')
        .map((l) =>
          (JSON.parse(l) as { hits: { rule: string; reason: string }[] }).hits.filter(
            (h) => h.rule === 'watchlisted-importer',
          ),
        );
    };
    const [c1, c2] = hits({ WATCHLIST_KEY_ENV: 'AB_KEY' });
    expect(c1).toHaveLength(1);
    expect(c1[0].reason).toContain('BE-AGD');
    expect(c2).toHaveLength(0);
    // Without the key the tokens match nothing.
    expect(hits({}).flat()).toHaveLength(0);
  });

  it('stops on a line that is not a decision, naming it', () => {
    const file = join(dir, 'bad.ndjson');
    writeFileSync(file, '{"id":"A","channel":"red"}\nnot json\n');
    const res = run(['share', file, '--key-env', 'AB_KEY']);
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/bad\.ndjson:2: unparsable JSON/);
  });
});
