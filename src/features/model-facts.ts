import type { FactDefinition } from './fact.js';

/** Facts of a loaded risk model; missing (undefined) without one, so rules on them never fire by accident. */
export const MODEL_FACTS: FactDefinition[] = [
  modelFact('model.score', 'number', 'Risk model: probability that the declaration is illicit, 0–1'),
  modelFact(
    'model.riskPoints',
    'number',
    "Risk model: +10 per doubling of the odds of fraud against the model's training rate (0 = average)",
  ),
  modelFact(
    'model.drivers',
    'object',
    'Risk model: the features that moved this score most, [{fact, value, contribution, points}] (TreeSHAP; computed only when read); in a reason, in words',
  ),
];

function modelFact(name: string, type: FactDefinition['type'], description: string): FactDefinition {
  return { name, type, description, source: 'model', compute: (ctx) => ctx.model?.fact(name, ctx) };
}
