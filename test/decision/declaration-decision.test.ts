import { describe, expect, it } from 'vitest';
import { toDeclaration } from '../../src/declaration/declaration.js';
import { createDecider, createReferenceDecider } from '../../src/decision/decide.js';
import {
  asyncDeclarationDecider,
  createDeclarationDecider,
  drivingItem,
  splitRuleSet,
} from '../../src/decision/declaration-decision.js';
import type { LoadedRuleSet, RuleDefinition } from '../../src/ruleset/types.js';

function ruleset(rules: RuleDefinition[]): LoadedRuleSet {
  const source = { name: 't', version: '1', thresholds: { red: 70, yellow: 40 }, rules };
  return {
    id: 't@000000000000',
    name: 't',
    version: '1',
    thresholds: source.thresholds,
    declaredFacts: [],
    rules,
    files: [],
    source,
  };
}

const handbags: RuleDefinition = {
  name: 'handbags-vn',
  conditions: {
    all: [
      { fact: 'hs4', operator: 'equal', value: '4202' },
      { fact: 'origin', operator: 'equal', value: 'VN' },
    ],
  },
  event: { type: 'risk' },
  points: 45,
  reason: 'Item {{itemNumber}} of {{itemCount}}: HS {{hsCode}} from {{origin}}',
};
const mixed: RuleDefinition = {
  name: 'mixed-origins',
  conditions: {
    all: [
      { fact: 'declaration.maxItemScore', operator: 'greaterThanInclusive', value: 40 },
      { fact: 'declaration.distinctOrigins', operator: 'greaterThan', value: 1 },
    ],
  },
  event: { type: 'risk' },
  points: 30,
  reason: 'Suspect item among {{declaration.distinctOrigins}} origins',
};

const fourItems = toDeclaration({
  id: 'D4',
  importer: 'IMP',
  items: [
    { hsCode: '610910', origin: 'CN', value: 100 },
    { hsCode: '620630', origin: 'CN', value: 100 },
    { hsCode: '420221', origin: 'VN', value: 100 },
    { description: 'books', weight: 2 },
  ],
});
const at = new Date('2026-01-01T00:00:00Z');

describe('declaration decision', () => {
  it('an item-level rule firing on item 3 of 4 names item 3; the declaration takes its channel and score', () => {
    const d = createDeclarationDecider({ ruleset: ruleset([handbags]) }).decide(fourItems, at);
    expect(d.hits).toEqual([{ rule: 'handbags-vn', points: 45, reason: 'Item 3 of 4: HS 420221 from VN', item: 3 }]);
    expect(d).toMatchObject({ id: 'D4', score: 45, channel: 'yellow' });
    expect(d.items).toEqual([
      { item: 1, score: 0, channel: 'green' },
      { item: 2, score: 0, channel: 'green' },
      { item: 3, score: 45, channel: 'yellow' },
      { item: 4, score: 0, channel: 'green', missing: ['hsCode'] },
    ]);
    expect(drivingItem(d)?.item).toBe(3);
  });

  it('decides a flat record exactly as the consignment decider does (no items, no item on hits)', () => {
    const rs = ruleset([handbags]);
    const flat = toDeclaration({ id: 'F1', hsCode: '420221', origin: 'VN' });
    expect(createDeclarationDecider({ ruleset: rs }).decide(flat, at)).toEqual(
      createDecider({ ruleset: rs }).decide(flat.items[0], at),
    );
  });

  it('evaluates header-level rules once, after the items, adding their points to the highest item score', () => {
    expect(splitRuleSet(ruleset([handbags, mixed])).header.rules.map((r) => r.name)).toEqual(['mixed-origins']);
    const d = createDeclarationDecider({ ruleset: ruleset([handbags, mixed]) }).decide(fourItems, at);
    expect(d.hits.map((h) => [h.rule, h.item])).toEqual([
      ['handbags-vn', 3],
      ['mixed-origins', undefined],
    ]);
    expect(d).toMatchObject({ score: 75, channel: 'red', ruleset: 't@000000000000' });
    const calm = toDeclaration({
      id: 'D5',
      items: [
        { hsCode: '610910', origin: 'CN' },
        { hsCode: '610910', origin: 'FR' },
      ],
    });
    expect(createDeclarationDecider({ ruleset: ruleset([handbags, mixed]) }).decide(calm, at)).toMatchObject({
      score: 0,
      hits: [],
    });
  });

  it('gives the reference engine the same declaration decision', async () => {
    const rs = ruleset([handbags, mixed]);
    const { item, header } = splitRuleSet(rs);
    const reference = asyncDeclarationDecider(
      createReferenceDecider({ ruleset: item }),
      createReferenceDecider({ ruleset: header }),
    );
    expect(await reference.decide(fourItems, at)).toEqual(
      createDeclarationDecider({ ruleset: rs }).decide(fourItems, at),
    );
  });

  it('a randomly selected declaration carries one random-selection hit, naming no item', () => {
    // Rate 1: every declaration is drawn; the items and the header decider each draw it again.
    const rs = { ...ruleset([handbags, mixed]), randomInspection: { rate: 1, seed: 's' } };
    const d = createDeclarationDecider({ ruleset: rs }).decide(fourItems, at);
    const random = d.hits.filter((h) => h.rule === 'random-selection');
    expect(random).toHaveLength(1);
    expect(random[0].item).toBeUndefined();
    expect(d.selection).toBe('random');
    expect(d.hits.filter((h) => h.rule === 'handbags-vn').map((h) => h.item)).toEqual([3]);
  });

  it('names the declaration an amendment amends, and its message', () => {
    const amendment = toDeclaration({
      id: 'MRN9',
      function: 'amendment',
      message: 'REF-9b',
      items: [{ hsCode: '420221', origin: 'VN' }],
    });
    expect(createDeclarationDecider({ ruleset: ruleset([handbags]) }).decide(amendment, at)).toMatchObject({
      id: 'MRN9',
      amends: 'MRN9',
      message: 'REF-9b',
      channel: 'yellow',
    });
  });
});
