import { readFileSync } from 'node:fs';
import { RuleSetError } from '../errors.js';
import { sourceFiles } from '../source-files.js';
import type { FactDefinition } from '../features/fact.js';
import { ruleSetId } from './identity.js';
import { parseJsonSource } from './json-source.js';
import type { LoadedRuleSet, RuleSetFile } from './types.js';
import { declaredFacts, validateRuleSetFile } from './validate.js';

/** All the problems that stopped a rule set from loading. */
export class RuleSetValidationError extends RuleSetError {
  readonly errors: RuleSetError[];
  constructor(errors: RuleSetError[]) {
    super(
      'INVALID_RULE_SET',
      `${errors.length} problem(s) in the rule set:\n  ${errors.map((e) => e.message).join('\n  ')}`,
    );
    this.errors = errors;
  }
}

export interface LoadOptions {
  /** Draft rules run too (to trial them in backtests); retired rules never do. */
  includeDrafts?: boolean;
  /** Facts known beyond the built-in and declared ones: a mapping's extra columns (`mappingFacts`). */
  extraFacts?: FactDefinition[];
}

/**
 * The rule-set files of a path: the file itself, or every `*.json` directly in
 * a directory (sub-folders such as tests/, watchlists/, generated/ are not rules).
 */
export function ruleSetFiles(path: string): string[] {
  const files = sourceFiles(path, /\.json$/, {
    problem: 'no such file or directory',
    hint: 'pass --rules with a rule-set directory or file',
  });
  if (files.length === 0) throw new RuleSetError('EMPTY', 'no rule-set (*.json) file in the directory', { file: path });
  return files;
}

/** Reads and validates a rule set; the errors list is empty when it loads. */
export function checkRuleSet(
  path: string,
  opts: LoadOptions = {},
): { errors: RuleSetError[]; ruleset?: LoadedRuleSet } {
  const files = ruleSetFiles(path);
  const errors: RuleSetError[] = [];
  const parsed: RuleSetFile[] = [];
  for (const file of files) {
    try {
      const src = parseJsonSource(file, readFileSync(file, 'utf8'));
      const fileErrors = validateRuleSetFile(src, opts.extraFacts);
      errors.push(...fileErrors);
      if (fileErrors.length === 0) parsed.push(src.value as RuleSetFile);
    } catch (e) {
      if (e instanceof RuleSetError) errors.push(e);
      else throw e;
    }
  }
  if (errors.length === 0) errors.push(...crossFileErrors(files, parsed));
  if (errors.length > 0) return { errors };
  return { errors, ruleset: combine(files, parsed, opts) };
}

export function loadRuleSet(path: string, opts: LoadOptions = {}): LoadedRuleSet {
  const { errors, ruleset } = checkRuleSet(path, opts);
  if (!ruleset) throw new RuleSetValidationError(errors);
  return ruleset;
}

/**
 * The file whose thresholds the set uses: the first calibrated one (its
 * thresholds were fitted for the files loaded with it), else the first file.
 */
function thresholdsOwner(parsed: readonly RuleSetFile[]): number {
  return Math.max(
    0,
    parsed.findIndex((p) => p.calibration !== undefined),
  );
}

/**
 * Several files make one rule set: names must stay unique and thresholds
 * agree — among calibrated files when there is one, which override the others.
 */
function crossFileErrors(files: string[], parsed: RuleSetFile[]): RuleSetError[] {
  const errors: RuleSetError[] = [];
  const owner = new Map<string, string>();
  const first = thresholdsOwner(parsed);
  const calibrated = parsed[first]?.calibration !== undefined;
  parsed.forEach((p, i) => {
    const t0 = parsed[first].thresholds;
    const compared = !calibrated || p.calibration !== undefined;
    if (compared && (p.thresholds.red !== t0.red || p.thresholds.yellow !== t0.yellow)) {
      errors.push(
        new RuleSetError(
          'THRESHOLDS_DIFFER',
          `thresholds differ from ${files[first]}`,
          { file: files[i], path: '$.thresholds' },
          calibrated
            ? 'calibrated files loaded together must agree on thresholds: keep one'
            : 'files loaded together share one set of thresholds',
        ),
      );
    }
    for (const r of p.rules) {
      const other = owner.get(r.name);
      if (other)
        errors.push(
          new RuleSetError(
            'DUPLICATE_RULE',
            `duplicate rule name "${r.name}" (also in ${other})`,
            { file: files[i], rule: r.name },
            'rule names must be unique in a rule set',
          ),
        );
      else owner.set(r.name, files[i]);
    }
  });
  return errors;
}

function combine(files: string[], parsed: RuleSetFile[], opts: LoadOptions): LoadedRuleSet {
  const source: RuleSetFile =
    parsed.length === 1
      ? parsed[0]
      : {
          name: parsed.map((p) => p.name).join('+'),
          version: parsed.map((p) => p.version).join('+'),
          thresholds: parsed[thresholdsOwner(parsed)].thresholds,
          ...(parsed.find((p) => p.calibration) ? { calibration: parsed.find((p) => p.calibration)!.calibration } : {}),
          ...(parsed.find((p) => p.randomInspection)
            ? { randomInspection: parsed.find((p) => p.randomInspection)!.randomInspection }
            : {}),
          facts: Object.assign({}, ...parsed.map((p) => p.facts ?? {})),
          rules: parsed.flatMap((p) => p.rules),
        };
  const runnable = source.rules.filter(
    (r) => (r.status ?? 'active') === 'active' || (opts.includeDrafts && r.status === 'draft'),
  );
  return {
    id: ruleSetId(source.name, source) + (opts.includeDrafts ? '+drafts' : ''),
    name: source.name,
    version: source.version,
    description: source.description,
    thresholds: source.thresholds,
    randomInspection: source.randomInspection,
    declaredFacts: [...(opts.extraFacts ?? []), ...declaredFacts(source)],
    rules: runnable,
    files,
    source,
  };
}
