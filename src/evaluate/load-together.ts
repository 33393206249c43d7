import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { loadRuleSet, type LoadOptions } from '../ruleset/load.js';
import type { LoadedRuleSet } from '../ruleset/types.js';

/**
 * Several rule files as one rule set, through the loader itself: the same
 * checks as a rule directory holding them all (unique rule names, one set of
 * thresholds), so what is evaluated is what the worker would run.
 */
export function loadTogether(files: readonly string[], opts: LoadOptions = {}): LoadedRuleSet {
  const dir = mkdtempSync(join(tmpdir(), 'targeting-rules-'));
  try {
    files.forEach((f, i) => copyFileSync(f, join(dir, `${String(i).padStart(2, '0')}-${basename(f)}`)));
    return loadRuleSet(dir, opts);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
