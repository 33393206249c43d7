import { loadRuleSet } from '../../src/ruleset/load.js';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'explain-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rules = join(dir, 'rules');
mkdirSync(rules);
cpSync('rules/default.json', join(rules, 'default.json'));
mkdirSync(join(rules, 'watchlists'));
writeFileSync(
  join(rules, 'watchlists', 'partner.csv'),
  'type,id,source,reason,validUntil,confidentiality\nimporter,IM900001,FR-DGDDI,Undervalued garments seized at Le Havre,2099-12-31,restricted\n',
);
const consignment = {
  id: 'X1',
  date: '2026-03-02',
  importer: 'IM900001',
  hsCode: '240220',
  origin: 'AE',
  departure: 'AE',
  weight: 1000,
  value: 5000,
  taxes: 1000,
};
const file = join(dir, 'c.json');
writeFileSync(file, JSON.stringify(consignment));

describe('targeting explain', () => {
  it('explains a consignment in a terminal and as JSON, with watchlist source and reason', () => {
    const text = runCli(['explain', file, '--rules', rules]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(
      /^Consignment X1, judged on 2026-03-02 with default@[0-9a-f]{12}, watchlists@[0-9a-f]{12}\nDecision: RED {2}score 100/,
    );
    expect(text.stdout).toContain(
      'FIRED         watchlisted-importer  (+50, forces red)\n    “Importer is on a watchlist shared by FR-DGDDI: Undervalued garments seized at Le Havre”',
    );
    const json = JSON.parse(
      runCli(['explain', '-', '--rules', rules, '--json'], { input: JSON.stringify(consignment) }).stdout,
    );
    expect(Object.keys(json)).toEqual([
      'consignment',
      'day',
      'ruleset',
      'watchlists',
      'thresholds',
      'decision',
      'rules',
    ]);
    expect(json.rules).toHaveLength(loadRuleSet('rules').rules.length);
    expect(
      json.rules.filter((r: { outcome: string }) => r.outcome === 'fired').map((r: { name: string }) => r.name),
    ).toEqual(['watchlisted-importer', 'cigarettes-below-reference-price', 'tobacco-lane-gulf']);
  });

  it('re-explains a recorded decision with the archived rule set after the rules changed', () => {
    const data = join(dir, 'in.ndjson');
    writeFileSync(data, JSON.stringify(consignment) + '\n');
    const out = join(dir, 'decisions.ndjson');
    expect(runCli(['score', data, '--rules', rules, '--out', out]).status).toBe(0);
    const recorded = JSON.parse(readFileSync(out, 'utf8').trim());
    // The analyst edits the rules afterwards: cigarettes now count 10 points.
    writeFileSync(
      join(rules, 'default.json'),
      readFileSync(join(rules, 'default.json'), 'utf8').replace(
        '"points": 45,\n      "reason": "Cigarettes',
        '"points": 10,\n      "reason": "Cigarettes',
      ),
    );
    expect(runCli(['explain', file, '--rules', rules, '--json']).stdout).not.toContain(recorded.ruleset);
    const decisionFile = join(dir, 'decision.json');
    writeFileSync(decisionFile, JSON.stringify(recorded));
    const again = runCli(['explain', file, '--rules', rules, '--decision', decisionFile]);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain(`with ${recorded.ruleset}, `);
    expect(again.stdout).toContain(`Reproduces the recorded decision of ${recorded.decidedAt} (red, score 100).`);
    const json = JSON.parse(runCli(['explain', file, '--rules', rules, '--decision', decisionFile, '--json']).stdout);
    expect([json.reproduced, json.differences, json.ruleset]).toEqual([true, [], recorded.ruleset]);
  });

  it('says where to look when the rule set of a decision is not archived', () => {
    const decisionFile = join(dir, 'lost.json');
    writeFileSync(
      decisionFile,
      JSON.stringify({
        id: 'X1',
        score: 0,
        channel: 'green',
        hits: [],
        ruleset: 'default@000000000000',
        decidedAt: '2026-03-02T00:00:00.000Z',
      }),
    );
    const r = runCli(['explain', file, '--rules', rules, '--decision', decisionFile]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `error: ${join(rules, '.archive', 'default@000000000000.json')}: rule set default@000000000000 is not in the archive ${join(rules, '.archive')} — pass --rules with the rule-set directory it came from, or set RULES_ARCHIVE to the store the workers use\n`,
    );
  });
});

describe('targeting explain --profile', () => {
  const profileRules = join(dir, 'profile-rules');
  mkdirSync(profileRules);
  writeFileSync(
    join(profileRules, 'set.json'),
    JSON.stringify({
      name: 'p',
      version: '1',
      thresholds: { red: 70, yellow: 40 },
      rules: [
        {
          name: 'known-importer',
          conditions: { all: [{ fact: 'importer.count', operator: 'greaterThanInclusive', value: 0 }] },
          event: { type: 'k' },
          points: 10,
          reason: '{{importer.count}} past inspections',
        },
      ],
    }),
  );
  const profile = join(dir, 'profile.json');
  const history = join(dir, 'history.csv');
  // The explained consignment's importer, inspected twice.
  writeFileSync(
    history,
    [
      'id,date,importer,hsCode,weight,value,illicit',
      'H1,2025-01-02,IM900001,610910,100,1300,1',
      'H2,2025-01-03,IM900001,610910,100,1300,0',
    ].join('\n'),
  );

  it('reads profile facts and shows their values; a decision made with another profile is flagged', () => {
    expect(runCli(['profile', 'build', history, '--out', profile]).status).toBe(0);
    const json = JSON.parse(runCli(['explain', file, '--rules', profileRules, '--profile', profile, '--json']).stdout);
    expect(json.profile).toMatch(/^[0-9a-f]{64}$/);
    expect(json.rules[0]).toMatchObject({
      outcome: 'fired',
      reason: '2 past inspections',
      conditions: { children: [{ fact: 'importer.count', factValue: 2, result: true }] },
    });
    const without = JSON.parse(runCli(['explain', file, '--rules', profileRules, '--json']).stdout);
    expect(without.rules[0]).toMatchObject({
      outcome: 'not-fired',
      conditions: { children: [{ fact: 'importer.count', evaluated: true, result: false }] },
    });
    const decisionFile = join(dir, 'with-profile.json');
    writeFileSync(decisionFile, JSON.stringify(json.decision));
    const again = JSON.parse(
      runCli(['explain', file, '--rules', profileRules, '--decision', decisionFile, '--json']).stdout,
    );
    expect(again.reproduced).toBe(false);
    expect(again.differences[0]).toBe(
      `profile: recorded ${json.profile}, explained with none — pass --profile with the profile the decision was made with`,
    );
  });
});
