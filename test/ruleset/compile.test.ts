import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FactCatalog } from '../../src/features/catalog.js';
import type { FactContext, FactDefinition } from '../../src/features/fact.js';
import { compileRuleSet } from '../../src/ruleset/compile.js';
import type { Firing } from '../../src/ruleset/firing.js';
import { DECORATORS, OPERATORS } from '../../src/ruleset/operators.js';
import { referenceRuleSet } from '../../src/ruleset/reference.js';
import type { Condition, RuleDefinition } from '../../src/ruleset/types.js';

/*
 * Differential test: on random rule sets and random facts, the compiled engine
 * fires exactly the rules json-rules-engine fires, with the same resolved event
 * params, and throws exactly when json-rules-engine rejects. Seeded: a failure
 * prints the seed and the shrunk counter-example.
 */
const FACTS = ['n', 'm', 's', 'b', 'arr', 'obj', 'missing'];
const PATHS = [
  '$',
  '$.x',
  '$.x.y',
  '$.arr',
  '$.arr[0]',
  '$.arr[2]',
  '$[0]',
  '$[1]',
  '$.length',
  '$.y.z',
  '$.constructor',
  '$.s',
];

const catalog: FactCatalog = new Map(
  FACTS.map((name): [string, FactDefinition] => [
    name,
    { name, type: 'object', description: name, source: 'declared', compute: (ctx) => ctx.consignment.extra[name] },
  ]),
);

const scalar = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom(0, 1.5, -0.5, Number.MAX_SAFE_INTEGER),
  fc.constantFrom('', 'a', 'ab', 'b', '3', '1.5', 'abc', 'x1'),
  fc.constant(null),
  fc.boolean(),
);
const jsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    scalar,
    fc.array(tie('value'), { maxLength: 3 }),
    tie('object'),
  ),
  object: fc.record(
    {
      x: tie('value'),
      y: fc.record({ z: scalar }, { noNullPrototype: true }),
      arr: fc.array(scalar, { maxLength: 3 }),
      s: fc.constantFrom('', 'ab'),
    },
    // Facts are JSON values (parsed records, profile entries): plain objects only.
    { requiredKeys: [], noNullPrototype: true },
  ),
})).value;

const operatorName = fc.oneof(
  fc.constantFrom(...OPERATORS.map((o) => o.name)),
  fc
    .tuple(fc.constantFrom(...DECORATORS.map((d) => d.name)), fc.constantFrom(...OPERATORS.map((o) => o.name)))
    .map(([d, o]) => `${d}:${o}`),
  fc.constantFrom('not:someFact:equal', 'everyValue:not:in', 'swap:not:contains'),
);
const factRef = fc.record(
  { fact: fc.constantFrom(...FACTS), path: fc.constantFrom(...PATHS) },
  { requiredKeys: ['fact'], noNullPrototype: true },
);
const priority = fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined });

const leaf = fc
  .record({
    fact: fc.constantFrom(...FACTS),
    operator: operatorName,
    value: fc.oneof({ weight: 4, arbitrary: jsonValue }, { weight: 1, arbitrary: factRef }),
    path: fc.option(fc.constantFrom(...PATHS), { nil: undefined }),
    priority,
  })
  .map((c) => stripUndefined(c) as Condition);

const condition: fc.Arbitrary<Condition> = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, leaf, tie('all'), tie('any'), tie('not')),
  all: fc.record({ all: fc.array(tie('node'), { maxLength: 4 }), priority }).map(stripUndefined),
  any: fc.record({ any: fc.array(tie('node'), { maxLength: 4 }), priority }).map(stripUndefined),
  not: fc.record({ not: tie('node'), priority }).map(stripUndefined),
})).node as fc.Arbitrary<Condition>;

const top = fc.oneof(
  fc.record({ all: fc.array(condition, { maxLength: 4 }) }),
  fc.record({ any: fc.array(condition, { maxLength: 4 }) }),
  fc.record({ not: condition }),
) as fc.Arbitrary<RuleDefinition['conditions']>;

const rules = fc
  .array(
    fc.record({
      conditions: top,
      priority,
      params: fc.option(
        fc.record(
          { points: fc.oneof(fc.integer({ min: 0, max: 40 }), factRef), note: jsonValue },
          { requiredKeys: [], noNullPrototype: true },
        ),
        { nil: undefined },
      ),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((rs) =>
    rs.map((r, i): RuleDefinition => ({
      name: `r${i}`,
      conditions: r.conditions,
      event: { type: 'risk', ...(r.params ? { params: r.params } : {}) },
      ...(r.priority !== undefined ? { priority: r.priority } : {}),
      points: 10,
      reason: 'test',
    })),
  );

const facts = fc.record(Object.fromEntries(FACTS.filter((f) => f !== 'missing').map((f) => [f, jsonValue])), {
  requiredKeys: [],
  noNullPrototype: true,
});

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function contextOf(extra: Record<string, unknown>): FactContext {
  return { consignment: { id: 'c1', extra } };
}

type Outcome = { threw: true } | { threw: false; fired: [string, Record<string, unknown>][] };

function summarise(fired: Firing[]): Outcome {
  return {
    threw: false,
    fired: fired
      .map((f) => [f.rule.name, f.params] as [string, Record<string, unknown>])
      .sort((a, b) => a[0].localeCompare(b[0])),
  };
}

async function outcomes(rs: RuleDefinition[], extra: Record<string, unknown>): Promise<[Outcome, Outcome]> {
  const ctx = contextOf(extra);
  let compiled: Outcome;
  let reference: Outcome;
  try {
    compiled = summarise(compileRuleSet(rs, catalog).evaluate(ctx, '2026-01-01'));
  } catch {
    compiled = { threw: true };
  }
  try {
    reference = summarise(await referenceRuleSet(rs, catalog).evaluate(ctx, '2026-01-01'));
  } catch {
    reference = { threw: true };
  }
  return [compiled, reference];
}

describe('compiled engine vs json-rules-engine', () => {
  it('fires the same rules with the same params, and fails on the same inputs, for 10,000 random cases', async () => {
    let fired = 0;
    let threw = 0;
    await fc.assert(
      fc.asyncProperty(rules, facts, async (rs, extra) => {
        const [compiled, reference] = await outcomes(rs, extra);
        expect(compiled).toEqual(reference);
        if (!reference.threw) fired += reference.fired.length;
        else threw++;
      }),
      { numRuns: 10_000, seed: 20261123 },
    );
    // The generator must exercise both outcomes, or the comparison proves little.
    expect(fired).toBeGreaterThan(1000);
    expect(threw).toBeGreaterThan(10);
  });

  it('agrees on hand-picked edge cases', async () => {
    const cases: [Condition[], Record<string, unknown>][] = [
      [[], {}], // empty all: json-rules-engine passes it
      [[{ fact: 'n', operator: 'lessThan', value: 3 }], { n: '2' }], // numeric string passes numberValidator
      [[{ fact: 'arr', operator: 'contains', value: 2 }], { arr: 'x2' }], // contains needs an array fact
      [[{ fact: 'missing', operator: 'equal', value: null }], {}], // missing fact is undefined, not null
      [[{ fact: 'missing', operator: 'lessThan', value: 3 }], {}], // numberValidator refuses a missing fact
      [[{ fact: 'n', operator: 'greaterThanInclusive', value: -1 }], { n: null }], // and null
      [[{ fact: 'obj', path: '$.y.z', operator: 'equal', value: 1 }], { obj: { y: { z: 1 } } }],
      [[{ fact: 'n', operator: 'in', value: { fact: 's' } }], { n: 'a', s: 'abc' }], // `in` over a string
      [[{ fact: 'n', operator: 'in', value: { fact: 'm' } }], { n: 1, m: 5 }], // `in` over a number throws
    ];
    for (const [all, extra] of cases) {
      const rs: RuleDefinition[] = [{ name: 'r', conditions: { all }, event: { type: 't' }, reason: 'x' }];
      const [compiled, reference] = await outcomes(rs, extra);
      expect(compiled).toEqual(reference);
    }
  });
});

describe('header facts', () => {
  // Counts its computations: a header fact (the importer's) and a goods item's fact (its HS code).
  const calls = { header: 0, item: 0 };
  const counted = (name: 'header' | 'item'): FactDefinition => ({
    name,
    type: 'string',
    description: name,
    source: 'declared',
    header: name === 'header',
    compute: (ctx) => (calls[name]++, name === 'header' ? ctx.consignment.importer : ctx.consignment.hsCode),
  });
  const compiled = compileRuleSet(
    [
      {
        name: 'r',
        conditions: {
          all: [
            { fact: 'header', operator: 'equal', value: 'IM1' },
            { fact: 'item', operator: 'equal', value: '610910' },
          ],
        },
        event: { type: 't' },
        reason: 'x',
      },
    ],
    new Map([
      ['header', counted('header')],
      ['item', counted('item')],
    ]),
  );
  const declaration = (hsCodes: string[], importer = 'IM1') => {
    const facts = { itemCount: hsCodes.length, distinctOrigins: 0 };
    return hsCodes.map((hsCode, i) => ({
      id: 'D',
      importer,
      hsCode,
      extra: {},
      itemNumber: i + 1,
      declaration: facts,
    }));
  };

  it('are computed once per declaration, goods facts once per item, with the same result', () => {
    const fired = declaration(['610910', '620520', '610910', '610910']).map(
      (c) => compiled.evaluate({ consignment: c }, '2026-01-01').length,
    );
    expect(fired).toEqual([1, 0, 1, 1]);
    expect(calls).toEqual({ header: 1, item: 4 });
    // Another declaration (another declaration object) computes them again.
    const other = declaration(['610910', '610910'], 'IM2').map((c) =>
      compiled.evaluate({ consignment: c }, '2026-01-01'),
    );
    expect(other.map((f) => f.length)).toEqual([0, 0]);
    // (its importer fails the first condition: the goods fact behind it is never computed)
    expect(calls).toEqual({ header: 2, item: 4 });
    // Flat records (no declaration object) share nothing.
    for (const c of declaration(['610910', '610910']).map(({ declaration: _, ...flat }) => flat))
      compiled.evaluate({ consignment: c }, '2026-01-01');
    expect(calls).toEqual({ header: 4, item: 6 });
  });

  it('are computed again when a live profile changes its answers between two items', () => {
    const before = { ...calls };
    const profile = { id: 'p', version: 0, fact: () => undefined };
    const [first, second] = declaration(['610910', '610910']);
    compiled.evaluate({ consignment: first, profile }, '2026-01-01');
    profile.version++;
    compiled.evaluate({ consignment: second, profile }, '2026-01-01');
    expect(calls.header - before.header).toBe(2);
  });
});
