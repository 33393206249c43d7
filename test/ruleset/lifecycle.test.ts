import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDecider, createReferenceDecider } from '../../src/decision/decide.js';
import { toConsignment } from '../../src/declaration/validate.js';
import { inEffect } from '../../src/ruleset/lifecycle.js';
import { loadRuleSet } from '../../src/ruleset/load.js';
import type { RuleDefinition } from '../../src/ruleset/types.js';

const dir = mkdtempSync(join(tmpdir(), 'lifecycle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const heavy = (name: string, extra: Partial<RuleDefinition>) => ({
  name,
  conditions: { all: [{ fact: 'weight', operator: 'greaterThan', value: 100 }] },
  event: { type: 'heavy' },
  points: 10,
  reason: name,
  ...extra,
});

mkdirSync(join(dir, 'rules'));
writeFileSync(
  join(dir, 'rules', 'set.json'),
  JSON.stringify({
    name: 'life',
    version: '1',
    thresholds: { red: 70, yellow: 40 },
    rules: [
      heavy('always', {}),
      heavy('active-explicit', { status: 'active' }),
      heavy('draft', { status: 'draft' }),
      heavy('retired', { status: 'retired' }),
      heavy('from-march', { effectiveFrom: '2026-03-01' }),
      heavy('until-march', { effectiveTo: '2026-03-31' }),
      heavy('march-only', { effectiveFrom: '2026-03-01', effectiveTo: '2026-03-31' }),
    ],
  }),
);

const on = (date: string | undefined) => toConsignment({ id: 'C1', weight: 500, ...(date ? { date } : {}) });
const fired = (d: { hits: { rule: string }[] }) => d.hits.map((h) => h.rule);

describe('rule lifecycle', () => {
  it('loads active rules only; drafts with includeDrafts; retired never', () => {
    expect(loadRuleSet(join(dir, 'rules')).rules.map((r) => r.name)).not.toContain('draft');
    const withDrafts = loadRuleSet(join(dir, 'rules'), { includeDrafts: true });
    expect(withDrafts.rules.map((r) => r.name)).toContain('draft');
    expect(withDrafts.rules.map((r) => r.name)).not.toContain('retired');
    expect(withDrafts.id).toMatch(/^life@[0-9a-f]{12}\+drafts$/);
  });

  it('inEffect treats both dates as inclusive', () => {
    const r = { effectiveFrom: '2026-03-01', effectiveTo: '2026-03-31' } as RuleDefinition;
    expect(['2026-02-28', '2026-03-01', '2026-03-31', '2026-04-01'].map((d) => inEffect(r, d))).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });

  it('fires a dated rule only on consignments of days it is in effect, in both engines', async () => {
    const ruleset = loadRuleSet(join(dir, 'rules'));
    const compiled = createDecider({ ruleset });
    const reference = createReferenceDecider({ ruleset });
    const expected: Record<string, string[]> = {
      '2026-02-15': ['always', 'active-explicit', 'until-march'],
      '2026-03-15': ['always', 'active-explicit', 'from-march', 'until-march', 'march-only'],
      '2026-04-15': ['always', 'active-explicit', 'from-march'],
    };
    for (const [date, rules] of Object.entries(expected)) {
      expect(fired(compiled.decide(on(date)))).toEqual(rules);
      expect(fired(await reference.decide(on(date)))).toEqual(rules);
    }
  });

  it('judges a consignment without a date on the day of the decision', () => {
    const d = createDecider({ ruleset: loadRuleSet(join(dir, 'rules')) }).decide(
      on(undefined),
      new Date('2026-03-10T12:00:00Z'),
    );
    expect(fired(d)).toContain('march-only');
  });

  it('runs drafts when asked, to trial them', () => {
    const d = createDecider({ ruleset: loadRuleSet(join(dir, 'rules'), { includeDrafts: true }) }).decide(
      on('2026-03-15'),
    );
    expect(fired(d)).toContain('draft');
    expect(fired(d)).not.toContain('retired');
  });
});
