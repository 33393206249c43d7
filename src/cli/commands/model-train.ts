import { basename, extname } from 'node:path';
import { Option, type Command } from 'commander';
import { addMappingOptions, BUILT_IN_MAPPING, loadMapping } from '../../declaration/mapping.js';
import { readSplitFile } from '../../evaluate/read-split.js';
import { loadProfile } from '../../features/profile.js';
import { trainModel } from '../../model/train/train-model.js';
import { writeModel } from '../../model/train/write-model.js';
import { parseSeed } from './evaluate.js';

interface ModelTrainOptions {
  mapping?: string;
  maxErrors?: number;
  profile?: string;
  out: string;
  name?: string;
  seed: number;
}

/** `targeting model train <history> --out FILE`: fits and writes a tree ensemble. */
export function addModelTrainCommand(modelCmd: Command): void {
  addMappingOptions(
    modelCmd
      .command('train')
      .description(
        'train a tree ensemble (gradient boosting or random forest, chosen on the last months) on labelled history',
      )
      .argument('<history>', 'past declarations with inspection outcomes, CSV or NDJSON'),
  )
    .option(
      '--profile <file>',
      'the profile the model will be served with: its settings (and mapping, without --mapping) shape the profile facts',
    )
    .requiredOption('--out <file>', 'model file to write (models/NAME.json)')
    .option('--name <name>', 'model name (default: the file name of --out)')
    .addOption(
      new Option('--seed <n>', 'seed of the row sample, bagging and feature draws').default(1).argParser(parseSeed),
    )
    .action(async (history: string, opts: ModelTrainOptions) => {
      const started = performance.now();
      const profile = opts.profile ? loadProfile(opts.profile) : undefined;
      const mapping = opts.mapping ? loadMapping(opts.mapping) : profile?.source.mapping;
      const split = await readSplitFile(history, mapping ?? BUILT_IN_MAPPING, opts.maxErrors);
      const model = trainModel(split.rows, {
        name: opts.name ?? basename(opts.out, extname(opts.out)),
        ...(mapping ? { mapping } : {}),
        ...(profile ? { settings: profile.settings } : {}),
        seed: opts.seed,
      });
      writeModel(opts.out, model);
      const h = model.hyperParameters;
      const v = model.validation;
      const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
      process.stderr.write(
        [
          `model ${model.id.slice(0, 12)} → ${opts.out} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
          `  trained on ${model.training.rows} labelled rows (${model.training.positives} illicit${model.training.sampledRows ? `, a sample of ${model.training.sampledRows} fitted` : ''}), ${split.rejected} rejected`,
          `  chosen: ${h.kind} ${Object.entries(h)
            .filter(([k]) => k !== 'kind')
            .map(([k, x]) => `${k}=${x}`)
            .join(' ')}, ${model.ensemble.trees.length} trees`,
          `  validation ${v.from ?? '?'} to ${v.to ?? '?'} (${v.rows} rows): precision@5% ${pct(v.precisionAt['5'])}, @10% ${pct(v.precisionAt['10'])}, AUC ${v.auc?.toFixed(3) ?? '–'}`,
        ].join('\n') + '\n',
      );
    });
}
