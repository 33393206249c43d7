import { Command } from 'commander';
import { benchConsignments, benchProfile, compiledPerSecond, median, referencePerSecond } from '../../bench/scoring.js';
import { loadRuleSet } from '../../ruleset/load.js';

interface BenchOptions {
  rules: string;
  rows: string;
  historyRows: string;
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
    .option('--history-rows <n>', 'generated history the profile is built from', '200000')
    .option('--json', 'print {"compiled_per_s", "reference_per_s", "ratio", "compiled_with_profile_per_s", "profile_overhead"}')
    .action(async (opts: BenchOptions) => {
      const ruleset = loadRuleSet(opts.rules);
      const consignments = benchConsignments(Number(opts.rows), Number(opts.seed));
      const say = (s: string) => (opts.json ? undefined : process.stderr.write(s));
      say(`rule set ${ruleset.id}: ${ruleset.rules.length} rules, ${consignments.length} consignments\n`);
      const profile = benchProfile(Number(opts.historyRows), Number(opts.seed));
      // Side by side, alternating, so both see the same machine load.
      const runs = [0, 1, 2].flatMap(() => [compiledPerSecond({ ruleset }, consignments, 3), compiledPerSecond({ ruleset, profile }, consignments, 3)]);
      const compiled = median(runs.filter((_, i) => i % 2 === 0));
      const withProfile = median(runs.filter((_, i) => i % 2 === 1));
      say(`compiled:  ${rate(compiled)} consignments/s without a profile (median of 3 × 3 passes)\n`);
      say(`compiled:  ${rate(withProfile)} consignments/s with a profile of ${opts.historyRows} rows: look-ups add ${pct(compiled / withProfile - 1)} per consignment\n`);
      const reference = await referencePerSecond({ ruleset }, consignments);
      say(`reference: ${rate(reference)} consignments/s (json-rules-engine, 1 pass, no profile)\n`);
      const result = {
        compiled_per_s: Math.round(compiled),
        reference_per_s: Math.round(reference),
        ratio: Math.round((compiled / reference) * 10) / 10,
        compiled_with_profile_per_s: Math.round(withProfile),
        profile_overhead: Math.round((compiled / withProfile - 1) * 1000) / 1000,
      };
      if (opts.json) process.stdout.write(JSON.stringify(result) + '\n');
      else process.stdout.write(`ratio: ${result.ratio} × (compiled / reference)\n`);
    });
}

const rate = (n: number) => Math.round(n).toLocaleString('en');
const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;
