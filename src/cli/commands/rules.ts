import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { RuleSetError } from '../../errors.js';
import { checkRuleSet } from '../../ruleset/load.js';
import { loadRuleTests } from '../../ruletest/load.js';
import { checkWatchlists, defaultWatchlistDir, expiredProblems } from '../../watchlist/load.js';
import { registerRuleDiff } from './rules-diff.js';
import { registerRuleTest } from './rules-test.js';
import { defaultRulesDir } from '../default-rules.js';

export function register(program: Command): void {
  const rules = program.command('rules').description('work with rule sets: validate, test, diff');
  rules
    .command('validate')
    .description(
      'check rule-set files against the schema, operators and facts, and the watchlists and rule tests beside them; exit 1 on any problem',
    )
    .argument('[dir]', 'rule-set directory or file', defaultRulesDir())
    .option(
      '--watchlists <dir>',
      'watchlist directory or file (default: DIR/watchlists when it exists)',
      process.env.WATCHLISTS_DIR,
    )
    .action((dir: string, opts: { watchlists?: string }) => {
      const { errors, ruleset } = checkRuleSet(dir);
      const notes: string[] = [];
      const problems: RuleSetError[] = [...errors];
      const watchlistPath = opts.watchlists ?? defaultWatchlistDir(dir);
      if (watchlistPath) {
        const w = checkWatchlists(watchlistPath);
        problems.push(...w.errors, ...expiredProblems(w.expired));
        if (w.watchlists)
          notes.push(
            `checked ${w.watchlists.entries.length} watchlist entries in ${w.watchlists.files.length} file(s) (${w.watchlists.id})`,
          );
      }
      const tests = join(dir, 'tests');
      if (existsSync(tests)) {
        if (ruleset) {
          const t = loadRuleTests(tests, ruleset);
          problems.push(...t.errors);
          if (t.errors.length === 0)
            notes.push(`checked ${t.cases.length} rule-test cases (run them with \`targeting rules test\`)`);
        } else {
          notes.push('rule tests not checked: fix the rule set first');
        }
      }
      for (const e of problems) process.stdout.write(`${e.message}\n`);
      for (const n of notes) process.stderr.write(`${n}\n`);
      if (problems.length > 0) {
        process.stderr.write(`${problems.length} problem(s) found\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(`ok: ${ruleset!.id} — ${ruleset!.rules.length} rules in ${ruleset!.files.length} file(s)\n`);
    });
  registerRuleTest(rules);
  registerRuleDiff(rules);
}
