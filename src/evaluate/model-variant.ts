import type { Mapping } from '../declaration/mapping.js';
import { buildCatalog } from '../features/catalog.js';
import { mappingFacts } from '../features/profile-facts.js';
import { ServingModel } from '../model/facts.js';
import { parseModel } from '../model/model-file.js';
import { trainModel } from '../model/train/train-model.js';
import type { ModelTrainer } from './variants.js';

/**
 * The model variant of `evaluate --calibrate`: a tree ensemble trained on the
 * train rows (each through its out-of-fold profile, as `model train` does),
 * served as the worker would serve its file, scoring test by `model.score`.
 */
export function trainedModelVariant(mapping: Mapping, seed: number): ModelTrainer {
  return {
    label: 'model (tree ensemble)',
    train(rows, profiles) {
      const file = trainModel(rows, { name: 'evaluate', mapping, features: profiles, seed });
      // Through the model file's own checks: what is measured is what `--model` would load.
      const model = new ServingModel(parseModel(JSON.stringify(file)), {
        mapping,
        catalog: buildCatalog(mappingFacts(mapping)),
      });
      return (ctx) => Number(model.fact('model.score', ctx) ?? 0);
    },
  };
}
