import type { Command } from 'commander';
import { BUILT_IN_MAPPING, loadMapping } from '../../declaration/mapping.js';
import { ModelError } from '../../errors.js';
import { buildCatalog } from '../../features/catalog.js';
import { mappingFacts } from '../../features/profile-facts.js';
import { importLightGbm } from '../../model/lightgbm-import.js';
import { loadModel, parseModel, serializeModel, writeModel, type ModelFile } from '../../model/model-file.js';
import { addModelTrainCommand } from './model-train.js';
import { readText } from '../../text-input.js';

/** `targeting model info|import`: describe a model file, bring in one trained elsewhere. */
export function register(program: Command): void {
  const modelCmd = program
    .command('model')
    .description('tree-ensemble risk models: train, describe, import from LightGBM (serve with --model)');
  addModelTrainCommand(modelCmd);

  modelCmd
    .command('info')
    .description("print a model's id, kind, features, trees, training period, validation and hyper-parameters")
    .argument('<file>', 'model file')
    .option('--json', 'print JSON')
    .action((file: string, opts: { json?: boolean }) => {
      const summary = modelSummary(loadModel(file));
      process.stdout.write(opts.json ? `${JSON.stringify(summary, null, 2)}\n` : renderSummary(summary));
    });

  modelCmd
    .command('import')
    .description('bring in a model trained elsewhere')
    .command('lightgbm')
    .description('a LightGBM text model (booster.save_model, objective binary) as a model file')
    .argument('<model.txt>', 'LightGBM text model')
    .option('--mapping <file>', "mapping of the training data's columns (LightGBM feature names) to roles")
    .requiredOption('--out <file>', 'model file to write (models/NAME.json)')
    .option('--name <name>', 'model name (default: the file name)')
    .option(
      '--base-rate <rate>',
      "training illicit rate (default: the first tree's starting score, LightGBM's boost from average)",
    )
    .option('--from <date>', 'first day of the training data (YYYY-MM-DD), for the record')
    .option('--to <date>', 'last day of the training data (YYYY-MM-DD), for the record')
    .action((input: string, opts: ImportOptions) => {
      const mapping = opts.mapping ? loadMapping(opts.mapping) : null;
      const catalog = buildCatalog(mappingFacts(mapping ?? BUILT_IN_MAPPING));
      const text = readText(input, ModelError, 'MODEL_UNREADABLE', 'the LightGBM model');
      const body = importLightGbm(text, {
        file: input,
        mapping,
        isFact: (f) => catalog.has(f),
        name: opts.name,
        baseRate: opts.baseRate === undefined ? undefined : rate(opts.baseRate),
        training: { from: opts.from, to: opts.to },
      });
      // What a worker will load: checked as any model file is before it is written.
      parseModel(serializeModel(body).text, input);
      const id = writeModel(opts.out, body);
      const e = body.ensemble;
      process.stderr.write(
        `model ${id.slice(0, 12)} "${body.name}": ${e.trees.length} trees, ${e.features.length} features (${e.features.map((f) => f.name).join(', ')}) → ${opts.out}\n`,
      );
    });
}

interface ImportOptions {
  mapping?: string;
  out: string;
  name?: string;
  baseRate?: string;
  from?: string;
  to?: string;
}

function rate(v: string): number {
  const n = Number(v);
  if (!(n > 0 && n < 1))
    throw new ModelError('BAD_OPTION', `--base-rate "${v}" is not a rate between 0 and 1`, { field: '--base-rate' });
  return n;
}

export function modelSummary(m: ModelFile) {
  const e = m.ensemble;
  return {
    id: m.id,
    name: m.name,
    kind: e.kind,
    source: m.source,
    createdAt: m.createdAt,
    baseRate: m.baseRate,
    trees: e.trees.length,
    leaves: e.trees.reduce((n, t) => n + t.leafValue.length, 0),
    features: e.features.map((f) => ({
      name: f.name,
      kind: f.kind,
      ...(f.categories ? { categories: f.categories.length } : {}),
    })),
    training: m.training,
    validation: m.validation,
    hyperParameters: m.hyperParameters,
    mapping: m.mapping,
  };
}

function renderSummary(s: ReturnType<typeof modelSummary>): string {
  const t = s.training;
  const v = s.validation;
  const period = (from: string | null, to: string | null) => (from || to ? `${from ?? '…'} to ${to ?? '…'}, ` : '');
  const lines = [
    `model ${s.name}  ${s.id}`,
    `  ${s.kind}, ${s.trees} trees (${s.leaves} leaves), ${s.source}, created ${s.createdAt}`,
    `  base rate ${(s.baseRate * 100).toFixed(2)} % illicit`,
    `  features (${s.features.length}): ${s.features.map((f) => (f.kind === 'categorical' ? `${f.name} [${f.categories} categories]` : f.name)).join(', ')}`,
    `  training: ${period(t.from, t.to)}${t.rows} rows${t.positives !== null ? `, ${t.positives} illicit` : ''}${t.sampledRows !== undefined ? `, ${t.sampledRows} sampled` : ''}`,
    v
      ? `  validation: ${period(v.from, v.to)}${v.rows} rows, AUC ${v.auc ?? 'n/a'}, precision at ${precision(v.precisionAt)}`
      : '  validation: none',
    `  hyper-parameters: ${Object.entries(s.hyperParameters)
      .map(([k, x]) => `${k}=${typeof x === 'object' ? JSON.stringify(x) : x}`)
      .join(', ')}`,
    `  mapping: ${s.mapping ? JSON.stringify(s.mapping.columns) : 'built-in field names'}`,
  ];
  return lines.join('\n') + '\n';
}

function precision(p: Record<string, number> | unknown[]): string {
  if (Array.isArray(p)) return JSON.stringify(p);
  return Object.entries(p)
    .map(([at, x]) => `${at}: ${typeof x === 'number' ? x.toFixed(3) : x}`)
    .join(', ');
}
