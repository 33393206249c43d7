import type { ErrorCode } from '../error-codes.js';
import type { FactCatalog } from '../features/catalog.js';
import { OPERATORS, resolveOperator } from './operators.js';
import { parsePath } from './path.js';
import { closest } from './suggest.js';
import { isObject } from '../is-object.js';

/** One problem found in a rule, located by its JSON path inside the rule. */
export interface ConditionProblem {
  path: (string | number)[];
  code: ErrorCode;
  problem: string;
  hint?: string;
}

type Path = (string | number)[];
const LEAF_KEYS = new Set(['fact', 'operator', 'value', 'path', 'params', 'priority', 'name']);
const BOOLEAN_KEYS = ['all', 'any', 'not'] as const;

export function isFactReference(v: unknown): v is { fact: string; path?: string } {
  return isObject(v) && Object.prototype.hasOwnProperty.call(v, 'fact');
}

/**
 * Checks a rule's `conditions` tree: its shape, that every operator and fact is
 * known, and that values fit their operators. `at` is the tree's JSON path.
 */
export function checkConditions(conditions: unknown, at: Path, catalog: FactCatalog): ConditionProblem[] {
  const out: ConditionProblem[] = [];
  if (!isObject(conditions) || !BOOLEAN_KEYS.some((k) => k in conditions)) {
    const ref = isObject(conditions) && 'condition' in conditions;
    out.push({
      path: at,
      code: ref ? 'UNSUPPORTED' : 'BAD_CONDITIONS',
      problem: ref
        ? 'shared condition references ("condition") are not supported'
        : 'conditions must start with "all", "any" or "not"',
      hint: ref ? 'write the conditions inline' : 'wrap the conditions in {"all": [ … ]}',
    });
    return out;
  }
  walk(conditions, at, catalog, out);
  return out;
}

function walk(c: unknown, at: Path, catalog: FactCatalog, out: ConditionProblem[]): void {
  if (!isObject(c)) {
    out.push({ path: at, code: 'BAD_CONDITION', problem: 'a condition must be an object' });
    return;
  }
  checkPriority(c, at, out);
  const bool = BOOLEAN_KEYS.filter((k) => k in c);
  if (bool.length > 1) {
    out.push({
      path: at,
      code: 'BAD_CONDITION',
      problem: `a condition has one of "all", "any", "not", not ${bool.join(' and ')}`,
    });
    return;
  }
  if (bool.length === 1) {
    const key = bool[0];
    const sub = c[key];
    if (key === 'not') {
      if (Array.isArray(sub))
        out.push({ path: [...at, key], code: 'BAD_CONDITION', problem: '"not" takes one condition, not an array' });
      else walk(sub, [...at, key], catalog, out);
      return;
    }
    if (!Array.isArray(sub)) {
      out.push({ path: [...at, key], code: 'BAD_CONDITION', problem: `"${key}" must be an array of conditions` });
      return;
    }
    if (sub.length === 0) {
      // json-rules-engine passes an empty all/any: a rule that always fires is never what an analyst meant.
      out.push({
        path: [...at, key],
        code: 'EMPTY_CONDITION',
        problem: `"${key}" is empty, so it always passes`,
        hint: 'add conditions or remove it',
      });
    }
    sub.forEach((s, i) => walk(s, [...at, key, i], catalog, out));
    return;
  }
  checkLeaf(c, at, catalog, out);
}

function checkPriority(c: Record<string, unknown>, at: Path, out: ConditionProblem[]): void {
  if ('priority' in c && !(Number.isInteger(c.priority) && (c.priority as number) >= 1)) {
    out.push({ path: [...at, 'priority'], code: 'BAD_PRIORITY', problem: 'priority must be a whole number ≥ 1' });
  }
}

function checkLeaf(c: Record<string, unknown>, at: Path, catalog: FactCatalog, out: ConditionProblem[]): void {
  for (const key of Object.keys(c)) {
    if (!LEAF_KEYS.has(key)) {
      out.push({
        path: [...at, key],
        code: 'UNKNOWN_PROPERTY',
        problem: `unknown property "${key}"`,
        hint: `a condition has ${[...LEAF_KEYS].join(', ')}`,
      });
    }
  }
  for (const key of ['fact', 'operator', 'value']) {
    if (!(key in c)) out.push({ path: at, code: 'MISSING_PROPERTY', problem: `the condition has no "${key}"` });
  }
  const factOk = checkFactName(c.fact, [...at, 'fact'], catalog, out);
  if ('path' in c) checkPath(c.path, [...at, 'path'], out);
  if (typeof c.operator !== 'string') {
    if ('operator' in c)
      out.push({ path: [...at, 'operator'], code: 'BAD_OPERATOR', problem: 'operator must be text' });
    return;
  }
  const op = resolveOperator(c.operator);
  if (!op) {
    const names = OPERATORS.map((o) => o.name);
    const base = c.operator.split(':').pop() ?? '';
    const guess = closest(base, names);
    out.push({
      path: [...at, 'operator'],
      code: 'UNKNOWN_OPERATOR',
      problem: `unknown operator "${c.operator}"`,
      hint: `${guess ? `did you mean "${guess}"? ` : ''}allowed: ${names.join(', ')} (json-rules-engine decorators someFact:, everyFact:, someValue:, everyValue:, swap:, not: may prefix them)`,
    });
    return;
  }
  if (!('value' in c)) return;
  if (isFactReference(c.value)) {
    checkFactName(c.value.fact, [...at, 'value', 'fact'], catalog, out);
    if ('path' in c.value) checkPath(c.value.path, [...at, 'value', 'path'], out);
    return;
  }
  const decorated = op.decorators.length > 0;
  const overValues = op.decorators.some((d) => d.name === 'someValue' || d.name === 'everyValue');
  if (overValues && !Array.isArray(c.value)) {
    out.push({ path: [...at, 'value'], code: 'BAD_VALUE', problem: `"${c.operator}" needs an array value` });
  }
  if (!decorated) checkValueKind(c.operator, op.base.valueKind, c.value, [...at, 'value'], out);
  if (!decorated && factOk && !('path' in c)) {
    const type = catalog.get(c.fact as string)?.type;
    if (op.base.numericFact && (type === 'string' || type === 'boolean')) {
      out.push({
        path: [...at, 'operator'],
        code: 'TYPE_MISMATCH',
        problem: `"${c.operator}" compares numbers but fact "${c.fact}" is ${type === 'string' ? 'text' : 'true/false'}`,
        hint: 'use equal, in or startsWith',
      });
    }
    if (type === 'string' && EQUALITY.has(op.base.name))
      checkTextValues(c.fact as string, c.value, [...at, 'value'], out);
    if ((op.base.name === 'startsWith' || op.base.name === 'startsWithAny') && type !== 'string') {
      out.push({
        path: [...at, 'operator'],
        code: 'TYPE_MISMATCH',
        problem: `"${c.operator}" matches text but fact "${c.fact}" is a ${type}`,
      });
    }
  }
}

/** Operators that compare with ===: a number never equals a text fact, so the condition is decided in advance. */
const EQUALITY = new Set(['equal', 'notEqual', 'in', 'notIn']);

function checkTextValues(fact: string, value: unknown, at: Path, out: ConditionProblem[]): void {
  const values = Array.isArray(value) ? value : [value];
  const n = values.find((v) => typeof v === 'number');
  if (n === undefined) return;
  out.push({
    path: at,
    code: 'TYPE_MISMATCH',
    problem: `${fact} is text: write ${JSON.stringify(String(n))}`,
    hint: `a number never equals text, so the comparison is decided before any consignment arrives${
      Array.isArray(value)
        ? `; write ${JSON.stringify(values.map((v) => (typeof v === 'number' ? String(v) : v)))}`
        : ''
    }`,
  });
}

/** Checks a fact name; true when it names a known fact. */
export function checkFactName(fact: unknown, at: Path, catalog: FactCatalog, out: ConditionProblem[]): boolean {
  if (typeof fact !== 'string' || fact === '') {
    if (fact !== undefined) out.push({ path: at, code: 'BAD_FACT', problem: 'fact must be a non-empty name' });
    return false;
  }
  if (catalog.has(fact)) return true;
  const guess = closest(fact, catalog.keys());
  out.push({
    path: at,
    code: 'UNKNOWN_FACT',
    problem: `unknown fact "${fact}"`,
    hint: `${guess ? `did you mean "${guess}"? ` : ''}run \`targeting features\` for the list, or declare it under "facts"`,
  });
  return false;
}

export function checkPath(path: unknown, at: Path, out: ConditionProblem[]): void {
  if (typeof path !== 'string' || !parsePath(path)) {
    out.push({
      path: at,
      code: 'BAD_PATH',
      problem: `unsupported path ${JSON.stringify(path)}`,
      hint: 'write paths as $.name.name or $.list[0]',
    });
  }
}

function checkValueKind(operator: string, kind: string, value: unknown, at: Path, out: ConditionProblem[]): void {
  const bad = (need: string) =>
    out.push({ path: at, code: 'BAD_VALUE', problem: `"${operator}" needs ${need}, got ${JSON.stringify(value)}` });
  if (kind === 'number' && typeof value !== 'number') bad('a number');
  if (kind === 'string' && typeof value !== 'string') bad('text');
  if (kind === 'array' && !Array.isArray(value)) bad('an array of values');
  if (kind === 'numberPair') {
    const ok =
      Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number') && value[0] <= value[1];
    if (!ok) bad('[low, high] numbers with low ≤ high');
  }
}
