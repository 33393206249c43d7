import { Command } from 'commander';
import {
  benchConsignments,
  benchProfile,
  compiledContender,
  lookupContender,
  modelContender,
  referenceContender,
} from '../../../bench/scoring.js';
import { benchItems } from '../../../bench/declarations.js';
import { sideBySide } from '../../../bench/side-by-side.js';
import { registerAuditBench } from './bench-audit.js';
import { BUILT_IN_MAPPING } from '../../declaration/mapping.js';
import { buildCatalog } from '../../features/catalog.js';
import { loadServingModel } from '../../model/facts.js';
import { registerE2e } from './bench-e2e.js';
import { loadRuleSet } from '../../ruleset/load.js';
import { defaultRulesDir } from '../default-rules.js';

interface BenchOptions {
  rules: string;
  rows: string;
  historyRows: string;
  seed: string;
  model?: string;
  json?: boolean;
}

/** `targeting bench`: compiled vs reference on the same generated consignments, in one process and run. */
export function register(program: Command): void {
  const bench = program
    .command('bench')
    .description('consignments per second: compiled engine vs json-rules-engine, same rule set and consignments')
    .option('--rules <dir>', 'rule-set directory or file', defaultRulesDir())
    .option('--rows <n>', 'generated consignments', '100000')
    .option('--seed <n>', 'generator seed', '7')
    .option('--history-rows <n>', 'generated history the profile is built from', '200000')
    .option('--model <file>', 'also measure with this risk model (built-in field names): with_model_per_s, model_us')
    .option(
      '--json',
      'print {"compiled_per_s", "reference_per_s", "ratio", "compiled_with_profile_per_s", "profile_lookup_us", "profile_lookup_overhead"} (+ "with_model_per_s", "model_us" with --model)',
    )
    .action(async (opts: BenchOptions) => {
      const ruleset = loadRuleSet(opts.rules);
      const consignments = benchConsignments(Number(opts.rows), Number(opts.seed));
      const say = (s: string) => (opts.json ? undefined : process.stderr.write(s));
      say(`rule set ${ruleset.id}: ${ruleset.rules.length} rules, ${consignments.length} consignments\n`);
      const profile = benchProfile(Number(opts.historyRows), Number(opts.seed));
      const model = opts.model
        ? loadServingModel(opts.model, { mapping: BUILT_IN_MAPPING, catalog: buildCatalog() })
        : undefined;
      say('measuring side by side, chunk by chunk…\n');
      const rates = await sideBySide(
        {
          compiled: { run: compiledContender({ ruleset }), repeat: 5 },
          withProfile: { run: compiledContender({ ruleset, profile }), repeat: 5 },
          lookups: { run: lookupContender(ruleset, profile), repeat: 5 },
          reference: { run: referenceContender({ ruleset }), repeat: 1 },
          ...(model && {
            withModel: { run: compiledContender({ ruleset, profile, model }), repeat: 5 },
            modelFacts: { run: modelContender(model, profile), repeat: 5 },
          }),
        },
        consignments,
      );
      const { compiled, withProfile, reference } = rates;
      const lookup = 1e6 / rates.lookups;
      const scoringMicros = 1e6 / withProfile - lookup;
      const overhead = lookup / scoringMicros;
      say(`compiled:  ${rate(compiled)} consignments/s without a profile\n`);
      say(
        `compiled:  ${rate(withProfile)} consignments/s with a profile of ${opts.historyRows} rows (more rules fire: profile rules add hits and reasons)\n`,
      );
      say(
        `look-ups:  ${lookup.toFixed(3)} µs per consignment for the profile facts the conditions read = ${pct(overhead)} on top of the rest of scoring (${scoringMicros.toFixed(3)} µs)\n`,
      );
      say(`reference: ${rate(reference)} consignments/s (json-rules-engine, no profile)\n`);
      const result = {
        compiled_per_s: Math.round(compiled),
        reference_per_s: Math.round(reference),
        ratio: Math.round((compiled / reference) * 10) / 10,
        compiled_with_profile_per_s: Math.round(withProfile),
        profile_lookup_us: Math.round(lookup * 1000) / 1000,
        profile_lookup_overhead: Math.round(overhead * 1000) / 1000,
        ...(model && {
          with_model_per_s: Math.round(rates.withModel),
          model_us: Math.round((1e6 / rates.modelFacts) * 1000) / 1000,
        }),
      };
      if (model)
        say(
          `with model: ${rate(rates.withModel)} consignments/s (profile + model ${model.id.slice(0, 12)}); model facts ${result.model_us} µs per consignment\n`,
        );
      if (opts.json) process.stdout.write(JSON.stringify(result) + '\n');
      else process.stdout.write(`ratio: ${result.ratio} × (compiled / reference)\n`);
    });
  registerE2e(bench);
  registerAuditBench(bench);
  bench
    .command('items')
    .description(
      "declarations with goods items: 1-item records against today's consignment path, and N-item declarations, without and with a profile",
    )
    .option('--rules <dir>', 'rule-set directory or file', defaultRulesDir())
    .option('--rows <n>', 'generated records (also the goods items of the N-item declarations)', '50000')
    .option('--items <n>', 'goods items per declaration', '50')
    .option('--seed <n>', 'generator seed', '7')
    .option('--history-rows <n>', 'generated history the profile is built from', '200000')
    .action((opts: { rules: string; rows: string; items: string; seed: string; historyRows: string }) => {
      const ruleset = loadRuleSet(opts.rules);
      const [rows, items, seed] = [Number(opts.rows), Number(opts.items), Number(opts.seed)];
      const result = benchItems({ ruleset }, rows, items, seed);
      const profile = benchProfile(Number(opts.historyRows), seed);
      const withProfile = benchItems({ ruleset, profile }, rows, items, seed);
      process.stdout.write(
        JSON.stringify({
          ...result,
          with_profile: {
            flat_overhead: withProfile.flat_overhead,
            declarations_per_s: withProfile.declarations_per_s,
            per_declaration_vs_one: withProfile.per_declaration_vs_one,
          },
        }) + '\n',
      );
    });
}

const rate = (n: number) => Math.round(n).toLocaleString('en');
const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;
