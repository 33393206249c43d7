import type { Command } from 'commander';
import { addModelTrainCommand } from './model-train.js';

/** `targeting model …`: learned risk models (tree ensembles). */
export function register(program: Command): void {
  const modelCmd = program
    .command('model')
    .description('learned risk models: tree ensembles trained on labelled history');
  addModelTrainCommand(modelCmd);
}
