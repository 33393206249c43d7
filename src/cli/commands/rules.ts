import type { Command } from 'commander';
import { checkRuleSet } from '../../ruleset/load.js';

export function register(program: Command): void {
  const rules = program.command('rules').description('work with rule sets: validate, test, diff');
  rules
    .command('validate')
    .description('check rule-set files against the schema, operators and facts; exit 1 on any problem')
    .argument('[dir]', 'rule-set directory or file', process.env.RULES_DIR ?? 'rules')
    .action((dir: string) => {
      const { errors, ruleset } = checkRuleSet(dir);
      for (const e of errors) process.stdout.write(`${e.message}\n`);
      if (errors.length > 0) {
        process.stderr.write(`${errors.length} problem(s) found\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(`ok: ${ruleset!.id} — ${ruleset!.rules.length} rules in ${ruleset!.files.length} file(s)\n`);
    });
}
