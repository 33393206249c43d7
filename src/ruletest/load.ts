import type { ErrorCode } from '../error-codes.js';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { toConsignment } from '../declaration/validate.js';
import { RuleSetError, TargetingError } from '../errors.js';
import { buildCatalog } from '../features/catalog.js';
import { jsonPath, parseJsonSource, type JsonSource } from '../ruleset/json-source.js';
import { closest } from '../ruleset/suggest.js';
import type { LoadedRuleSet } from '../ruleset/types.js';
import { RULE_TEST_SCHEMA, type RuleTestCase } from './case.js';

const validateSchema = new Ajv({ allErrors: true, strict: false, verbose: true }).compile(RULE_TEST_SCHEMA);

/** Fact sources a case may set directly; the others are computed from its consignment. */
const SETTABLE = new Set(['profile', 'watchlist', 'model']);

/** The rule-test files of a directory (`*.json`), or the file itself. */
export function ruleTestFiles(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(path, f));
}

/**
 * Reads and checks rule-test files against the rule set they test: the file's
 * shape, each consignment, that named rules exist and named features can be set.
 * Every problem names the file, line, case and the fix.
 */
export function loadRuleTests(path: string, ruleset: LoadedRuleSet): { cases: RuleTestCase[]; errors: RuleSetError[] } {
  const cases: RuleTestCase[] = [];
  const errors: RuleSetError[] = [];
  for (const file of ruleTestFiles(path)) {
    try {
      const src = parseJsonSource(file, readFileSync(file, 'utf8'));
      const found = checkFile(src, ruleset);
      cases.push(...found.cases);
      errors.push(...found.errors);
    } catch (e) {
      if (e instanceof RuleSetError) errors.push(e);
      else throw e;
    }
  }
  return { cases, errors };
}

function checkFile(src: JsonSource, ruleset: LoadedRuleSet): { cases: RuleTestCase[]; errors: RuleSetError[] } {
  const errors: RuleSetError[] = [];
  const data = src.value as { cases: Record<string, any>[] };
  const caseName = (path: (string | number)[]) =>
    path[0] === 'cases' && typeof path[1] === 'number' ? (data.cases?.[path[1]]?.name ?? `#${path[1] + 1}`) : undefined;
  const error = (path: (string | number)[], code: ErrorCode, problem: string, hint?: string) => {
    const name = caseName(path);
    return new RuleSetError(
      code,
      `${name ? `case "${name}": ` : ''}${problem}`,
      { file: src.file, line: src.locate(path)?.line, path: jsonPath(path) },
      hint,
    );
  };

  if (!validateSchema(data)) {
    return {
      cases: [],
      errors: (validateSchema.errors ?? []).map((e) => {
        const path = e.instancePath
          .slice(1)
          .split('/')
          .filter(Boolean)
          .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
        const extra =
          e.keyword === 'additionalProperties'
            ? (e.params as { additionalProperty: string }).additionalProperty
            : undefined;
        const allowed = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
        const guess = extra ? closest(extra, allowed) : undefined;
        const hint = `${guess ? `did you mean "${guess}"? ` : ''}a case has name, consignment, features, decidedAt and expect {channel, fires, notFires, score}`;
        return error(
          extra ? [...path, extra] : path,
          'BAD_RULE_TEST',
          extra ? `unknown property "${extra}"` : (e.message ?? e.keyword),
          hint,
        );
      }),
    };
  }
  const catalog = buildCatalog(ruleset.declaredFacts);
  const ruleNames = ruleset.source.rules.map((r) => r.name);
  const cases: RuleTestCase[] = [];
  const names = new Set<string>();
  data.cases.forEach((c, i) => {
    const at = ['cases', i];
    if (names.has(c.name))
      errors.push(
        error([...at, 'name'], 'DUPLICATE_CASE', `duplicate case name "${c.name}"`, 'give each case its own name'),
      );
    names.add(c.name);
    const before = errors.length;
    for (const key of ['fires', 'notFires'] as const) {
      (c.expect[key] ?? []).forEach((rule: string, j: number) => {
        if (ruleNames.includes(rule)) return;
        const guess = closest(rule, ruleNames);
        errors.push(
          error(
            [...at, 'expect', key, j],
            'UNKNOWN_RULE',
            `no rule named "${rule}" in the rule set`,
            guess ? `did you mean "${guess}"?` : 'check the rule names in the rule-set files',
          ),
        );
      });
    }
    for (const name of Object.keys(c.features ?? {})) {
      const def = catalog.get(name);
      if (!def) {
        const guess = closest(name, catalog.keys());
        errors.push(
          error(
            [...at, 'features', name],
            'UNKNOWN_FACT',
            `unknown fact "${name}"`,
            `${guess ? `did you mean "${guess}"? ` : ''}run \`targeting features\` for the list`,
          ),
        );
      } else if (!SETTABLE.has(def.source)) {
        errors.push(
          error(
            [...at, 'features', name],
            'NOT_SETTABLE',
            `"${name}" is computed from the consignment`,
            'set the consignment fields it is computed from instead',
          ),
        );
      }
    }
    const score = c.expect.score;
    if (
      score &&
      typeof score === 'object' &&
      score.min !== undefined &&
      score.max !== undefined &&
      score.min > score.max
    ) {
      errors.push(
        error(
          [...at, 'expect', 'score'],
          'BAD_RANGE',
          `score range min ${score.min} is above max ${score.max}`,
          'swap them',
        ),
      );
    }
    let consignment;
    try {
      consignment = toConsignment(c.consignment);
    } catch (e) {
      if (!(e instanceof TargetingError)) throw e;
      errors.push(
        error(
          [...at, 'consignment', ...(e.where.field ? [e.where.field] : [])],
          'BAD_CONSIGNMENT',
          `the consignment does not load: ${e.message}`,
        ),
      );
    }
    if (errors.length > before || !consignment) return;
    cases.push({
      name: c.name,
      file: src.file,
      line: src.locate(at)?.line ?? 1,
      consignment,
      features: c.features ?? {},
      ...(c.decidedAt ? { decidedAt: c.decidedAt } : {}),
      expect: c.expect,
    });
  });
  return { cases, errors };
}
