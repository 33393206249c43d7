import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import { loadRuleSet } from '../../ruleset/load.js';
import { loadRuleTests } from '../../ruletest/load.js';
import { renderRuleTestReport, ruleTestJson } from '../../ruletest/report.js';
import { runRuleTests } from '../../ruletest/run.js';
import { engineFromOptions } from '../scoring-options.js';
import { defaultRulesDir } from '../default-rules.js';

interface RuleTestOptions {
  model?: string;
  tests?: string;
  includeDrafts?: boolean;
  watchlists?: string;
  json?: boolean;
}

/**
 * Where the rules and their tests are: `DIR` is a rule-set directory whose
 * tests are in `DIR/tests`, or the tests directory itself (rules one level up).
 */
export function ruleTestPaths(dir: string, tests?: string): { rules: string; tests: string } {
  if (tests) return { rules: dir, tests };
  if (basename(dir) === 'tests' && !existsSync(join(dir, 'tests'))) return { rules: dirname(dir), tests: dir };
  return { rules: dir, tests: join(dir, 'tests') };
}

/** `targeting rules test [DIR]`: runs every case; exit 1 when one fails or a file does not load. */
export function registerRuleTest(rules: Command): void {
  rules
    .command('test')
    .description(
      'run the rule tests (DIR/tests/*.json): expected channel, rules that must or must not fire, score range',
    )
    .argument('[dir]', 'rule-set directory (tests in DIR/tests), or a tests directory', defaultRulesDir())
    .option('--tests <path>', 'test file or directory (default: DIR/tests)')
    .option('--include-drafts', 'run draft rules too (to test them before they go live)')
    .option(
      '--watchlists <dir>',
      'watchlist directory or file (default: DIR/watchlists when it exists)',
      process.env.WATCHLISTS_DIR,
    )
    .option(
      '--model <file>',
      'risk model file whose model.* facts the cases may read (default: MODEL)',
      process.env.MODEL,
    )
    .option('--json', 'print JSON for tools')
    .action(async (dir: string, opts: RuleTestOptions) => {
      const paths = ruleTestPaths(dir, opts.tests);
      const ruleset = loadRuleSet(paths.rules, { includeDrafts: opts.includeDrafts });
      const { cases, errors } = loadRuleTests(paths.tests, ruleset);
      for (const e of errors) process.stdout.write(`${e.message}\n`);
      if (errors.length > 0) {
        process.stderr.write(`${errors.length} problem(s) in the rule tests: no case was run\n`);
        process.exitCode = 1;
        return;
      }
      if (cases.length === 0) {
        process.stderr.write(`no rule tests in ${paths.tests}: write cases in ${join(paths.tests, '<name>.json')}\n`);
        process.exitCode = 1;
        return;
      }
      const engine = await engineFromOptions(
        { rules: paths.rules, watchlists: opts.watchlists, model: opts.model },
        { rules: ruleset },
      );
      const results = await runRuleTests(cases, engine);
      process.stdout.write(
        opts.json ? JSON.stringify(ruleTestJson(results), null, 2) + '\n' : renderRuleTestReport(results),
      );
      if (results.some((r) => !r.passed)) process.exitCode = 1;
    });
}
