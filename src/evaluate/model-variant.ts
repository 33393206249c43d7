import type { Mapping } from '../declaration/mapping.js';
import { buildCatalog } from '../features/catalog.js';
import { mappingFacts } from '../features/profile-facts.js';
import { ServingModel } from '../model/facts.js';
import { parseModel } from '../model/model-file.js';
import { trainWithHoldout } from '../model/train/train-model.js';
import type { TrainedModelFile } from '../model/train/write-model.js';
import type { ModelTrainer } from './variants.js';

/**
 * The model variant of `evaluate --calibrate`: a tree ensemble trained on the
 * train rows (each through its out-of-fold profile, as `model train` does),
 * served as the worker would serve its file, scoring test by `model.score`.
 */
export function trainedModelVariant(mapping: Mapping, seed: number, name = 'evaluate'): ModelTrainer {
  return {
    label: 'model (tree ensemble)',
    train(rows, profiles) {
      const { model, holdout } = trainWithHoldout(rows, { name, mapping, features: profiles, seed });
      const catalog = buildCatalog(mappingFacts(mapping));
      // Through the model file's own checks: what is measured is what `--model` would load. A backtest ranks on
      // points, so no drivers: TreeSHAP on every selected declaration would be most of its time.
      const serve = (file: TrainedModelFile, drivers = false) =>
        new ServingModel(parseModel(JSON.stringify(file)), { mapping, catalog, drivers });
      return {
        model: serve(model),
        explained: serve(model, true),
        holdout: serve(holdout),
        validationFrom: holdout.validation.from!,
        file: model,
      };
    },
  };
}
