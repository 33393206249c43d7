import { Command } from 'commander';
import { benchConsignments, compiledPerSecond, referencePerSecond } from '../../bench/scoring.js';
import { loadRuleSet } from '../../ruleset/load.js';

interface BenchOptions {
  rules: string;
  rows: string;
  seed: string;
  json?: boolean;
}

/** `targeting bench`: compiled vs reference on the same generated consignments, in one process and run. */
export function register(program: Command): Command {
  return program
    .command('bench')
    .description('consignments per second: compiled engine vs json-rules-engine, same rule set and consignments')
    .option('--rules <dir>', 'rule-set directory or file', process.env.RULES_DIR ?? 'rules')
    .option('--rows <n>', 'generated consignments', '100000')
    .option('--seed <n>', 'generator seed', '7')
    .option('--json', 'print {"compiled_per_s", "reference_per_s", "ratio"}')
    .action(async (opts: BenchOptions) => {
      const ruleset = loadRuleSet(opts.rules);
      const consignments = benchConsignments(Number(opts.rows), Number(opts.seed));
      const say = (s: string) => (opts.json ? undefined : process.stderr.write(s));
      say(`rule set ${ruleset.id}: ${ruleset.rules.length} rules, ${consignments.length} consignments\n`);
      const compiled = compiledPerSecond({ ruleset }, consignments);
      say(`compiled:  ${Math.round(compiled).toLocaleString('en')} consignments/s (median of 5 passes)\n`);
      const reference = await referencePerSecond({ ruleset }, consignments);
      say(`reference: ${Math.round(reference).toLocaleString('en')} consignments/s (json-rules-engine, 1 pass)\n`);
      const result = { compiled_per_s: Math.round(compiled), reference_per_s: Math.round(reference), ratio: Math.round((compiled / reference) * 10) / 10 };
      if (opts.json) process.stdout.write(JSON.stringify(result) + '\n');
      else process.stdout.write(`ratio: ${result.ratio} × (compiled / reference)\n`);
    });
}
