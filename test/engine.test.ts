import { mkdtempSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, ConfigError, RecordError, loadRuleSet, loadWatchlists, toConsignment } from '../src/index.js';
import { createPseudonymiser } from '../src/share/pseudonymise.js';

const KEY = 'k'.repeat(40);
const record = {
  id: 'C1',
  date: '2026-03-02',
  importer: 'IMP-77',
  hsCode: '610910',
  origin: 'CN',
  value: 1000,
  weight: 100,
};

/** A rules folder holding the default rule set and one partner watchlist listing IMP-77 by its token. */
function rulesWithTokenisedList(): string {
  const dir = mkdtempSync(join(tmpdir(), 'engine-'));
  copyFileSync('rules/default.json', join(dir, 'default.json'));
  mkdirSync(join(dir, 'watchlists'));
  const token = createPseudonymiser(Buffer.from(KEY)).token('IMP-77');
  writeFileSync(
    join(dir, 'watchlists', 'partner.csv'),
    `type,id,source,reason,validUntil,confidentiality\nimporter,${token},BE-AGD,front company,2099-01-01,restricted\n`,
  );
  return dir;
}

const watchlistHits = (d: { hits: { rule: string }[] }) => d.hits.filter((h) => h.rule === 'watchlisted-importer');

describe('createEngine', () => {
  it('takes paths and decides a raw record, with the ids of what it loaded', async () => {
    const engine = await createEngine({ rules: 'rules' });
    const d = engine.decide(record, new Date('2026-03-02T10:00:00Z'));
    expect(d.id).toBe('C1');
    expect(d.ruleset).toBe(engine.rulesetId);
    expect(d.watchlists).toBe(engine.watchlistsId);
    expect(engine.thresholds).toEqual(loadRuleSet('rules').thresholds);
  });

  it('gives loaded objects and paths the same decisions', async () => {
    const fromPaths = await createEngine({ rules: 'rules', watchlists: 'rules/watchlists' });
    const fromObjects = await createEngine({
      rules: loadRuleSet('rules'),
      watchlists: loadWatchlists('rules/watchlists'),
    });
    const at = new Date('2026-03-02T10:00:00Z');
    const c = { ...record, importer: 'IMW00001' };
    expect(fromObjects.decide(c, at)).toEqual(fromPaths.decide(c, at));
    expect(watchlistHits(fromPaths.decide(c, at))).toHaveLength(1);
  });

  it('matches tokenised partner entries only with the shared key', async () => {
    const rules = rulesWithTokenisedList();
    const withKey = await createEngine({ rules, watchlistKey: KEY });
    const without = await createEngine({ rules });
    expect(watchlistHits(withKey.decide(record))).toHaveLength(1);
    expect(watchlistHits(without.decide(record))).toHaveLength(0);
  });

  it('rejects a bad record with the usual RecordError naming the field', async () => {
    const engine = await createEngine({ rules: 'rules' });
    expect(() => engine.decide({ id: 'X', hsCode: '61AB' })).toThrow(RecordError);
    expect(() => engine.decide({ id: 'X', hsCode: '61AB' })).toThrow(/field "hsCode"/);
  });

  it('answers a wrong argument with a typed error, not a TypeError deep inside', async () => {
    await expect(createEngine({ rules: 42 as unknown as string })).rejects.toThrow(ConfigError);
    await expect(createEngine({ rules: 'rules', watchlists: { id: 'w' } as unknown as string })).rejects.toMatchObject({
      code: 'BAD_OPTION',
      where: { field: 'watchlists' },
    });
    await expect(createEngine({ rules: 'rules', profile: {} as unknown as string })).rejects.toMatchObject({
      code: 'BAD_OPTION',
    });
  });

  it('explains a raw record with the same decision', async () => {
    const engine = await createEngine({ rules: 'rules' });
    const at = new Date('2026-03-02T10:00:00Z');
    const e = await engine.explain(record, at);
    expect(e.decision).toEqual(engine.decide(record, at));
    expect(e.rules.length).toBe(engine.ruleset.rules.length);
  });

  it('runs the reference engine on the same parts', async () => {
    const engine = await createEngine({ rules: 'rules' });
    const at = new Date('2026-03-02T10:00:00Z');
    const c = engine.decide(record, at);
    expect(await engine.reference().decide(toConsignment(record), at)).toEqual(c);
  });
});
