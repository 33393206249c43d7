import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/canonical-json.js';

/** The same value with every object's keys put in the order `arrange` gives them. */
function rearranged(v: unknown, arrange: (keys: string[]) => string[]): unknown {
  if (Array.isArray(v)) return v.map((item) => rearranged(item, arrange));
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  // defineProperty: an own "__proto__" key (JSON.parse makes them) must stay a key, not become the prototype.
  for (const k of arrange(Object.keys(v)))
    Object.defineProperty(out, k, {
      value: rearranged((v as Record<string, unknown>)[k], arrange),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}

const reversed = (v: unknown) => rearranged(v, (keys) => keys.reverse());
/** Keys in code-unit order: canonicalJson's one-native-call path. */
const sorted = (v: unknown) => rearranged(v, (keys) => keys.sort());

const json = fc.jsonValue({ maxDepth: 4 });

describe('canonicalJson', () => {
  it('is JSON of the same value, and the same text whatever the key order', () => {
    fc.assert(
      fc.property(json, (v) => {
        const text = canonicalJson(v);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(v)));
        expect(canonicalJson(reversed(v))).toBe(text);
        expect(canonicalJson(sorted(v))).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });

  it('serialises values nested deeper than the call stack allows', () => {
    const depth = 200_000;
    const deep = JSON.parse(`{"id":"D","n":${'['.repeat(depth)}${']'.repeat(depth)}}`) as unknown;
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    expect(canonicalJson(deep)).toBe(`{"id":"D","n":${'['.repeat(depth)}${']'.repeat(depth)}}`);
  });

  it('sorts keys by code unit (integer-like keys too), drops undefined, honours toJSON, omits one top-level key', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }, undefined], c: undefined } })).toBe(
      '{"a":{"d":[1,{"e":3,"f":2},null]},"b":1}',
    );
    expect(canonicalJson({ '': false, 10: 1, 9: 2, a: 3 })).toBe('{"":false,"10":1,"9":2,"a":3}');
    expect(canonicalJson(JSON.parse('{"__proto__":{"x":1},"a":1}'))).toBe('{"__proto__":{"x":1},"a":1}');
    expect(canonicalJson({ hash: 'x', a: { hash: 'y' } }, 'hash')).toBe('{"a":{"hash":"y"}}');
    expect(canonicalJson({ at: new Date(0), n: Number.NaN })).toBe('{"at":"1970-01-01T00:00:00.000Z","n":null}');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson({ f: () => 1, a: [() => 1] })).toBe('{"a":[null]}');
    // Already in order, yet with a JSON form of their own: these take the sorting path.
    expect(canonicalJson({ a: { toJSON: () => ({ z: 1, y: 2 }) } })).toBe('{"a":{"y":2,"z":1}}');
    expect(canonicalJson({ a: new String('ab') })).toBe('{"a":{"0":"a","1":"b"}}');
    // Integer-like keys enumerate first, in numeric order: not code-unit order.
    expect(canonicalJson({ 9: 'a', 10: 'b', x: undefined })).toBe('{"10":"b","9":"a"}');
  });
});
