import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../project-root.js';

/**
 * `--rules` when none is given: RULES_DIR, else `rules/` where the command runs (a checkout, or an
 * administration's own rule sets), else the default rule set shipped with the package — so a command run from
 * another folder, or from an installed package, still has rules to run.
 */
export function defaultRulesDir(): string {
  if (process.env.RULES_DIR) return process.env.RULES_DIR;
  return shippedFile('rules');
}

/** Where generated rule files go by default: beside the working folder's rules, never into the package's own. */
export function generatedRulesFile(name: string): string {
  return join(existsSync('rules') ? 'rules' : '.', 'generated', `${name}.json`);
}

/** A file or folder the package ships (`rules`, `datasets/sample.csv`): the working folder's when it has one, else the package's. */
export function shippedFile(path: string): string {
  return existsSync(path) ? path : join(projectRoot(), path);
}
