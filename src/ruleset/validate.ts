import type { ErrorCode } from '../error-codes.js';
import { Ajv, type ErrorObject } from 'ajv';
import { isPlainDay } from '../declaration/calendar-day.js';
import { RuleSetError } from '../errors.js';
import { buildCatalog, type FactCatalog } from '../features/catalog.js';
import { attributeFact } from '../features/consignment-facts.js';
import type { FactDefinition } from '../features/fact.js';
import {
  checkConditions,
  checkFactName,
  checkPath,
  isFactReference,
  type ConditionProblem,
} from './check-conditions.js';
import { jsonPath, type JsonSource } from './json-source.js';
import { placeholders, splitPlaceholder } from './reason-template.js';
import { RULE_SET_SCHEMA } from './schema.js';
import { closest } from './suggest.js';
import { inWords } from './in-words.js';
import type { RuleSetFile } from './types.js';
import { isObject } from '../is-object.js';

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const validateSchema = ajv.compile(RULE_SET_SCHEMA);

/** Facts a rule-set file declares: values read from the consignment's extra attributes. */
export function declaredFacts(file: Pick<RuleSetFile, 'facts'>): FactDefinition[] {
  return Object.entries(file.facts ?? {}).map(([name, d]) => attributeFact(name, d.type, d.description, d.attribute));
}

/**
 * Every problem in one parsed rule-set file, each naming the file, line, rule
 * and JSON path, what is wrong and what is allowed. Empty when the file is valid.
 */
export function validateRuleSetFile(src: JsonSource, extraFacts: readonly FactDefinition[] = []): RuleSetError[] {
  const data = src.value as Record<string, unknown>;
  const ruleName = (path: (string | number)[]): string | undefined => {
    if (path[0] !== 'rules' || typeof path[1] !== 'number') return undefined;
    const r = (data.rules as Record<string, unknown>[] | undefined)?.[path[1]];
    return typeof r?.name === 'string' ? r.name : `#${path[1] + 1}`;
  };
  const error = (path: (string | number)[], code: ErrorCode, problem: string, hint?: string) =>
    new RuleSetError(
      code,
      problem,
      { file: src.file, ...src.locate(path), rule: ruleName(path), path: jsonPath(path) },
      hint,
    );

  const errors: RuleSetError[] = [];
  if (!validateSchema(data)) {
    for (const e of validateSchema.errors ?? []) {
      const path = pointerToPath(e.instancePath);
      const { problem, hint, extra } = describeSchemaError(e);
      errors.push(error(extra ? [...path, extra] : path, 'SCHEMA', problem, hint));
    }
  }
  if (!isObject(data)) return errors;
  // The checks below look inside whatever is well-formed, so one pass shows every problem.
  const file = data as unknown as Partial<RuleSetFile>;
  const catalog = buildCatalog([...extraFacts, ...(isObject(file.facts) ? declaredFacts(file as RuleSetFile) : [])]);
  const t = file.thresholds;
  if (isObject(t) && typeof t.yellow === 'number' && typeof t.red === 'number' && t.yellow > t.red) {
    errors.push(
      error(
        ['thresholds'],
        'THRESHOLDS_ORDER',
        `thresholds out of order: yellow (${t.yellow}) is above red (${t.red})`,
        'need 0 ≤ yellow ≤ red ≤ 100',
      ),
    );
  }
  const seen = new Map<string, number>();
  (Array.isArray(file.rules) ? file.rules : []).forEach((rule, i) => {
    if (!isObject(rule)) return;
    const at = ['rules', i];
    if (typeof rule.name === 'string') {
      const first = seen.get(rule.name);
      if (first !== undefined) {
        errors.push(
          error(
            [...at, 'name'],
            'DUPLICATE_RULE',
            `duplicate rule name "${rule.name}": rule ${i + 1} of the file, already the name of rule ${first + 1}`,
            'rule names must be unique in a rule set',
          ),
        );
      } else {
        seen.set(rule.name, i);
      }
    }
    const problems = [
      ...('conditions' in rule ? checkConditions(rule.conditions, [...at, 'conditions'], catalog) : []),
      ...checkEnvelope(rule, at, catalog),
    ];
    for (const p of problems) errors.push(error(p.path, p.code, p.problem, p.hint));
  });
  return errors.sort(
    (a, b) => (a.where.line ?? 0) - (b.where.line ?? 0) || (a.where.column ?? 0) - (b.where.column ?? 0),
  );
}

function checkEnvelope(rule: Record<string, any>, at: (string | number)[], catalog: FactCatalog): ConditionProblem[] {
  const out: ConditionProblem[] = [];
  const params = isObject(rule.event) && isObject(rule.event.params) ? rule.event.params : {};
  for (const [key, v] of Object.entries(params)) {
    const p = [...at, 'event', 'params', key];
    if (isFactReference(v)) {
      checkFactName(v.fact, [...p, 'fact'], catalog, out);
      if ('path' in v) checkPath(v.path, [...p, 'path'], out);
    } else if (key === 'points' && typeof v !== 'number') {
      out.push({ path: p, code: 'BAD_VALUE', problem: 'points must be a number or {"fact": …}' });
    }
  }
  for (const p of typeof rule.reason === 'string' ? placeholders(rule.reason) : []) {
    if (!splitPlaceholder(p, (f) => catalog.has(f))) checkFactName(p, [...at, 'reason'], catalog, out);
  }
  for (const key of ['effectiveFrom', 'effectiveTo']) {
    const v = rule[key];
    // The schema checks the form; only a real day can start or end a rule.
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !isPlainDay(v)) {
      out.push({
        path: [...at, key],
        code: 'BAD_DATES',
        problem: `${key} "${v}" is not a calendar date`,
        hint: 'write a real day as YYYY-MM-DD, e.g. 2026-03-31',
      });
    }
  }
  if (
    typeof rule.effectiveFrom === 'string' &&
    typeof rule.effectiveTo === 'string' &&
    isPlainDay(rule.effectiveFrom) &&
    isPlainDay(rule.effectiveTo) &&
    rule.effectiveFrom > rule.effectiveTo
  ) {
    out.push({
      path: [...at, 'effectiveTo'],
      code: 'DATES_ORDER',
      problem: `effectiveTo ${rule.effectiveTo} is before effectiveFrom ${rule.effectiveFrom}`,
    });
  }
  return out;
}

function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describeSchemaError(e: ErrorObject): { problem: string; hint?: string; extra?: string } {
  const p = e.params as Record<string, any>;
  switch (e.keyword) {
    case 'required':
      return { problem: `missing "${p.missingProperty}"` };
    case 'additionalProperties':
      return {
        problem: `unknown property "${p.additionalProperty}"`,
        hint: allowedHere(e),
        extra: p.additionalProperty,
      };
    case 'false schema':
      return {
        problem: 'this property is not supported',
        hint: 'json-rules-engine callbacks (onSuccess/onFailure) cannot be written in a file',
      };
    case 'enum': {
      const allowed = p.allowedValues as unknown[];
      const guess = typeof e.data === 'string' ? closest(e.data, allowed.map(String)) : undefined;
      return {
        problem: `${JSON.stringify(e.data)} is not allowed: must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`,
        hint: guess ? `did you mean "${guess}"?` : undefined,
      };
    }
    case 'type':
      return { problem: `must be ${article(p.type)}` };
    case 'pattern':
      return {
        problem: `does not match the expected form ${p.pattern}`,
        hint: e.instancePath.endsWith('From') || e.instancePath.endsWith('To') ? 'dates are YYYY-MM-DD' : undefined,
      };
    default:
      return { problem: e.message ?? e.keyword };
  }
}

function allowedHere(e: ErrorObject): string | undefined {
  const props = (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  // `false` marks json-rules-engine properties a file cannot carry: not worth suggesting.
  return props
    ? `allowed: ${Object.entries(props)
        .filter(([k, v]) => k !== '$schema' && v !== false)
        .map(([k]) => k)
        .join(', ')}`
    : undefined;
}

/** A JSON Schema type as a sentence names it. */
const article = inWords({
  number: 'a number',
  integer: 'a whole number',
  string: 'text',
  object: 'an object',
  array: 'an array',
  boolean: 'true or false',
});
