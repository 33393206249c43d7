import { RecordError } from '../errors.js';
import { LIMITS, tooLong, type RecordPlace } from './field-checks.js';
import { BUILT_IN_FIELDS } from './record.js';

const BUILT_IN = new Set(BUILT_IN_FIELDS);
/** Keys that, copied into an ordinary object, would change its prototype: rules and the audit hash would then see different records. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The attributes that are not built-in fields, checked, in sorted key order. */
export function readExtra(r: Record<string, unknown>, at: RecordPlace): Record<string, unknown> {
  const keys: string[] = [];
  for (const key in r) {
    // Undefined is absence (a mapping's role the row lacks, such as an item number of a flat record).
    if (BUILT_IN.has(key) || !Object.hasOwn(r, key) || r[key] === undefined) continue;
    if (keys.length === LIMITS.maxExtraFields) {
      throw new RecordError(
        'TOO_MANY_FIELDS',
        `more than ${LIMITS.maxExtraFields} extra attributes`,
        at,
        'send only the attributes rules use',
      );
    }
    if (RESERVED_KEYS.has(key)) throw reservedKey(key, key, at);
    const v = r[key];
    if (typeof v === 'string' && v.length > LIMITS.maxStringLength) {
      throw tooLong(key, v, at);
    }
    if (v !== null && typeof v === 'object') {
      const problem = nestingProblem(v, LIMITS.maxDepth);
      if (problem === 'deep') {
        throw new RecordError(
          'TOO_DEEP',
          `nested more than ${LIMITS.maxDepth} levels deep`,
          { ...at, field: key },
          'send flat attributes',
        );
      }
      if (problem !== undefined) throw reservedKey(problem.key, key, at);
    }
    keys.push(key);
  }
  keys.sort();
  const extra: Record<string, unknown> = {};
  for (const key of keys) extra[key] = r[key];
  return extra;
}

export function reservedKey(key: string, field: string, at: RecordPlace): RecordError {
  return new RecordError(
    'RESERVED_KEY',
    `the key "${key}" is reserved (it would change the record's prototype)`,
    { ...at, field },
    'rename the attribute',
  );
}

/** Nested deeper than `max`, or holding a reserved key at any depth? Iterative, so a hostile payload cannot overflow the stack. */
function nestingProblem(value: object, max: number): 'deep' | { key: string } | undefined {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) return 'deep';
    for (const key of Object.keys(v)) {
      if (RESERVED_KEYS.has(key) && !Array.isArray(v)) return { key };
      stack.push([(v as Record<string, unknown>)[key], depth + 1]);
    }
  }
  return undefined;
}
