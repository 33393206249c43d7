import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError, RuleSetError } from '../errors.js';
import { canonicalJson } from '../canonical-json.js';
import { ruleSetId } from './identity.js';
import { parseJsonSource } from './json-source.js';
import { loadRuleSet, RuleSetValidationError } from './load.js';
import type { LoadedRuleSet, RuleSetFile } from './types.js';
import { declaredFacts, validateRuleSetFile } from './validate.js';

/**
 * Every rule-set version that made decisions is kept by its id, so a decision
 * can be re-explained months later with the exact rules that made it. The
 * store is the one configured (RULES_ARCHIVE), else `.archive/` inside the
 * rules directory.
 */
export function archiveDir(rulesPath = 'rules', configured?: string): string {
  return configured ?? join(rulesPath, '.archive');
}

function fileOf(dir: string, id: string): string {
  // Ids are `name@hex` (`+drafts` when drafts ran); anything else is not a path we write.
  if (!/^[\w.+-]+@[0-9a-f]{12}(\+drafts)?$/.test(id)) {
    throw new RuleSetError(
      'BAD_RULESET_ID',
      `"${id}" is not a rule-set id`,
      { field: 'ruleset' },
      'a rule-set id looks like default@0123456789ab',
    );
  }
  return join(dir, `${id}.json`);
}

/** Writes the rule set's canonical source under its id (once: an id names one content). Returns the file. */
export function archiveRuleSet(ruleset: LoadedRuleSet, configured?: string): string {
  const dir = archiveDir(dirname(ruleset.files[0] ?? 'rules/x'), configured);
  const file = fileOf(dir, ruleset.id);
  if (existsSync(file)) return file;
  try {
    mkdirSync(dir, { recursive: true });
    // Write then rename: a reader never sees half a file, two writers write the same bytes.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, canonicalJson(ruleset.source) + '\n');
    renameSync(tmp, file);
  } catch (e) {
    throw new ConfigError(
      'ARCHIVE_FAILED',
      `cannot archive rule set ${ruleset.id} (${(e as Error).message})`,
      { file },
      'set RULES_ARCHIVE to a writable directory',
    );
  }
  return file;
}

/** The archived rule set with this id, loaded (and checked to hash to the same id). */
export function loadArchivedRuleSet(id: string, dir: string): LoadedRuleSet {
  const file = fileOf(dir, id);
  if (!existsSync(file)) {
    throw new RuleSetError(
      'NOT_ARCHIVED',
      `rule set ${id} is not in the archive ${dir}`,
      { file },
      'pass --rules with the rule-set directory it came from, or set RULES_ARCHIVE to the store the workers use',
    );
  }
  const ruleset = fromArchive(file, id.endsWith('+drafts'));
  if (ruleset.id !== id) {
    throw new RuleSetError(
      'ARCHIVE_MISMATCH',
      `archived file hashes to ${ruleset.id}, not ${id}`,
      { file },
      'the archive was edited: restore it from backup',
    );
  }
  return ruleset;
}

/** Reads a decision's rule set: from the archive, or from a directory whose current content has that id. */
export function ruleSetForDecision(id: string, opts: { rules?: string; archive?: string }): LoadedRuleSet {
  if (opts.rules) {
    const current = loadRuleSet(opts.rules, { includeDrafts: id.endsWith('+drafts') });
    if (current.id === id) return current;
  }
  return loadArchivedRuleSet(id, opts.archive ?? archiveDir(opts.rules));
}

/**
 * An archived source is the combined content of all the files that were loaded
 * together (name `a+b` for two files), which `loadRuleSet` would refuse as one
 * file's name: it is validated under a neutral name and rebuilt as it ran.
 */
function fromArchive(file: string, includeDrafts: boolean): LoadedRuleSet {
  const src = parseJsonSource(file, readFileSync(file, 'utf8'));
  const source = src.value as RuleSetFile;
  const errors = validateRuleSetFile({ ...src, value: { ...source, name: 'archived' } });
  if (errors.length > 0) throw new RuleSetValidationError(errors);
  return {
    id: ruleSetId(source.name, source) + (includeDrafts ? '+drafts' : ''),
    name: source.name,
    version: source.version,
    description: source.description,
    thresholds: source.thresholds,
    randomInspection: source.randomInspection,
    declaredFacts: declaredFacts(source),
    rules: source.rules.filter((r) => (r.status ?? 'active') === 'active' || (includeDrafts && r.status === 'draft')),
    files: [file],
    source,
  };
}
