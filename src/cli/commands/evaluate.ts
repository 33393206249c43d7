import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { addMappingOptions, mappingFromOptions } from '../../declaration/mapping.js';
import { parseCapacity } from '../../decision/capacity.js';
import { ConfigError } from '../../errors.js';
import { REPORTED_RATES } from '../../evaluate/metrics.js';
import { reportHtml } from '../../evaluate/report-html.js';
import { declarationMethods } from '../../evaluate/declaration-level.js';
import { bandWorth } from '../../evaluate/model-bands.js';
import { sideBySide, toJson, type MethodResult } from '../../evaluate/result.js';
import { parseTargetRate } from '../../evaluate/fit-thresholds.js';
import { trainedModelVariant } from '../../evaluate/model-variant.js';
import { engineFromOptions } from '../scoring-options.js';
import { evaluate, type Evaluation } from '../../evaluate/run.js';
import { defaultRulesDir, generatedRulesFile } from '../default-rules.js';

interface EvaluateCliOptions {
  train: string;
  test: string;
  mapping?: string;
  maxErrors?: number;
  rules: string;
  includeDrafts?: boolean;
  watchlists?: string;
  calibrate?: boolean;
  out?: string;
  modelOut?: string;
  name: string;
  seed: number;
  json?: string | true;
  report?: string;
  capacity?: number;
  targetRate?: number;
}

export function register(program: Command): void {
  addMappingOptions(
    program
      .command('evaluate')
      .description(
        'backtest a rule set on labelled declarations: precision, recall and revenue at n % inspected, AUC, baselines, per-rule performance',
      )
      .requiredOption('--train <file>', 'labelled history the profile (and the scorecard) learn from')
      .requiredOption('--test <file>', 'labelled declarations to score and measure'),
  )
    .option('--rules <dir>', 'rule-set directory or file', defaultRulesDir())
    .option('--include-drafts', 'also run rules whose status is draft')
    .option(
      '--watchlists <dir>',
      'watchlist directory or file (default: <rules>/watchlists when it exists)',
      process.env.WATCHLISTS_DIR,
    )
    .option('--calibrate', 'fit a scorecard from train and evaluate it with the rules')
    .addOption(
      new Option(
        '--target-rate <share>',
        'with --calibrate: thresholds sending this share red (and the next 10 % yellow) on the validation months',
      )
        .default(0.05, '5%')
        .argParser(parseTargetRate),
    )
    .option(
      '--out <file>',
      'where --calibrate writes the scorecard rule set (default rules/generated/<name>.json, or generated/<name>.json where the working folder has no rules/)',
    )
    .option('--name <name>', 'name of the fitted scorecard rule set', 'scorecard')
    .option(
      '--model-out <file>',
      "where --calibrate writes the risk model the scorecard file's model bands read (default models/<name>.json)",
    )
    .addOption(new Option('--seed <n>', 'seed of the training sample on large files').default(1).argParser(parseSeed))
    .option('--json [file]', 'write the measures as JSON to the file, or to stdout (the summary then goes to stderr)')
    .option('--report <file>', 'write a self-contained HTML report')
    .addOption(
      new Option(
        '--capacity <share>',
        'send the top share of each day red (e.g. 5%) instead of the red threshold',
      ).argParser(parseCapacity),
    )
    .action(async (opts: EvaluateCliOptions) => {
      const started = Date.now();
      // The hand-written rules as `score` would run them: their watchlists, indexed with the shared key.
      const { ruleset, watchlists } = await engineFromOptions(opts);
      const ev = await evaluate({
        train: opts.train,
        test: opts.test,
        mapping: mappingFromOptions(opts),
        ...(opts.maxErrors !== undefined ? { maxErrors: opts.maxErrors } : {}),
        rules: ruleset,
        includeDrafts: opts.includeDrafts,
        ...(watchlists ? { watchlists } : {}),
        ...(opts.calibrate
          ? {
              calibrate: {
                out: opts.out ?? generatedRulesFile(opts.name),
                modelOut: opts.modelOut ?? join('models', `${opts.name}.json`),
                name: opts.name,
                seed: opts.seed,
                ...(opts.targetRate !== undefined ? { targetRate: opts.targetRate } : {}),
              },
              // Calibration also trains the tree ensemble, measured beside rules and scorecard.
              model: trainedModelVariant(mappingFromOptions(opts), opts.seed, opts.name),
            }
          : {}),
        ...(opts.capacity !== undefined ? { capacity: opts.capacity } : {}),
        // Someone at a terminal sees each phase end; pipes and logs get the summary only.
        ...(process.stderr.isTTY
          ? {
              onPhase: (phase: string, s: number) =>
                process.stderr.write(`evaluate: ${phase} done in ${s.toFixed(1)} s\n`),
            }
          : {}),
      });
      const json = `${JSON.stringify(toJson(ev.result), null, 2)}\n`;
      if (typeof opts.json === 'string') writeFileSync(opts.json, json);
      if (opts.report) writeFileSync(opts.report, reportHtml(ev.result));
      const text = summary(ev, opts, (Date.now() - started) / 1000);
      if (opts.json === true) {
        process.stdout.write(json);
        process.stderr.write(text);
      } else {
        process.stdout.write(text);
      }
    });
}

export function parseSeed(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n))
    throw new ConfigError('BAD_SEED', `--seed "${v}" is not a whole number`, { field: '--seed' });
  return n;
}

function summary(ev: Evaluation, opts: EvaluateCliOptions, seconds: number): string {
  const r = ev.result;
  const lines = [
    `evaluated ${r.ruleset} on ${r.rows} labelled test declarations (illicit ${pct(r.illicitRate)}), profile from ${ev.trainRows} train rows`,
  ];
  if (ev.unlabelledTest) lines.push(`  ${ev.unlabelledTest} test rows without an outcome were not measured`);
  if (ev.rejected.train || ev.rejected.test)
    lines.push(`  rejected rows: train ${ev.rejected.train}, test ${ev.rejected.test}`);
  if (ev.scorecard) {
    const c = ev.scorecard.card;
    lines.push(
      `scorecard ${ev.scorecard.file}: ${ev.scorecard.ruleset.rules.length} rules from ${ev.scorecard.fitted} train rows, penalty ${c.penalty}/row chosen on ${c.validation.rows} rows from ${c.validation.from ?? 'n/a'}`,
      `  thresholds red ${c.thresholds.red}, yellow ${c.thresholds.yellow}: ${pct(c.capacity.shares.red)} red and ${pct(c.capacity.shares.yellow)} yellow on the ${c.capacity.fittedOn === 'validation' ? 'validation months' : 'training rows'} (target ${pct(c.capacity.targetRate)} + ${pct(c.capacity.yellowRate)})${c.base ? `, base ${c.base} points` : ''}`,
    );
    const b = ev.scorecard.bands;
    if (b)
      lines.push(
        `  risk model: ${b.bands.length} bands over its top ${pct(b.bands[0]?.share ?? 0)}, ${bandWorth(b)} (fitted on ${b.rows} held-out rows); model file ${opts.modelOut ?? join('models', `${opts.name}.json`)}`,
        ...(b.yellowShort
          ? [
              `  yellow holds ${pct(b.thresholds.shares.yellow)}, not ${pct(c.capacity.yellowRate)}: the model's ranking needs more than the 0–100 score between the red and yellow cut-offs, and scaling it down would select worse`,
            ]
          : b.fittedPointsPerRiskPoint !== undefined
            ? [`  scaled down from ${b.fittedPointsPerRiskPoint.toFixed(2)} so red and yellow both fit the 0–100 score`]
            : []),
      );
  }
  const header = [
    'method'.padEnd(26),
    ...REPORTED_RATES.map((p) => `P@${p}%`.padStart(7)),
    ...REPORTED_RATES.map((p) => `R@${p}%`.padStart(7)),
    ...(r.hasRevenue ? REPORTED_RATES.map((p) => `Rev@${p}%`.padStart(8)) : []),
    'AUC'.padStart(6),
  ];
  const perDeclaration = declarationMethods(r);
  lines.push('', ...(perDeclaration ? [`per item (${r.rows} item rows; the JSON's measures):`] : []), header.join(' '));
  const row = (m: MethodResult) => {
    const at = (p: number) => m.measures.at[String(p)];
    return [
      m.label.slice(0, 26).padEnd(26),
      ...REPORTED_RATES.map((p) => pct(at(p).precision).padStart(7)),
      ...REPORTED_RATES.map((p) => pct(at(p).recall).padStart(7)),
      ...(r.hasRevenue ? REPORTED_RATES.map((p) => pct(at(p).revenue ?? 0).padStart(8)) : []),
      (m.measures.auc === null ? '–' : m.measures.auc.toFixed(3)).padStart(6),
    ].join(' ');
  };
  for (const m of [...sideBySide(r), r.baselines.price, r.baselines.importer]) lines.push(row(m));
  if (perDeclaration) {
    lines.push(
      '',
      `per declaration (${perDeclaration.declarations} declarations, inspected whole: highest item score, illicit when any item is):`,
      header.join(' '),
      ...perDeclaration.methods.map(row),
    );
  }
  const c = ev.channels;
  lines.push(
    '',
    `channels${opts.capacity !== undefined ? ` (capacity ${pct(opts.capacity)} per day)` : ''}: red ${c.red} (precision ${pct(c.redPrecision)}), yellow ${c.yellow}, green ${c.green}`,
  );
  const top = r.rules
    .filter((x) => x.hits > 0)
    .sort((a, b) => b.precision - a.precision)
    .slice(0, 5);
  if (top.length)
    lines.push(`most precise rules: ${top.map((x) => `${x.rule} ${pct(x.precision)} of ${x.hits}`).join('; ')}`);
  const silent = r.rules.filter((x) => x.hits === 0).length;
  if (silent) lines.push(`${silent} rule(s) never fired on test`);
  lines.push(
    `done in ${seconds.toFixed(1)} s${typeof opts.json === 'string' ? `, JSON ${opts.json}` : ''}${opts.report ? `, report ${opts.report}` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
