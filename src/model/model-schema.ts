import { closedObject } from '../json-schema.js';

/**
 * JSON Schema of a model file. Shapes only: what the arrays must agree on
 * (lengths, child indices, bitsets, the id) is checked by check-ensemble.ts
 * and model-file.ts, which name the tree and node at fault.
 */
const int = { type: 'integer' } as const;
const nonNegativeInt = { type: 'integer', minimum: 0 } as const;
const numbers = { type: 'array', items: { type: 'number' } } as const;
const ints = { type: 'array', items: int } as const;
const counts = { type: 'array', items: nonNegativeInt } as const;
const date = { type: ['string', 'null'], pattern: '^\\d{4}-\\d{2}-\\d{2}' } as const;

export const MODEL_SCHEMA = {
  $id: 'https://customs-targeting.dev/schema/model.json',
  ...closedObject(
    [
      'format',
      'version',
      'id',
      'name',
      'createdAt',
      'source',
      'mapping',
      'baseRate',
      'ensemble',
      'training',
      'validation',
      'hyperParameters',
    ],
    {
      format: { const: 'customs-targeting-model' },
      version: { const: 1 },
      id: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      name: { type: 'string', minLength: 1, maxLength: 120 },
      createdAt: { type: 'string', minLength: 10 },
      source: { enum: ['trained', 'lightgbm'] },
      // A trained model's search: each candidate tried with its validation measures (model train).
      grid: { type: 'array', items: { type: 'object' } },
      // Checked by the mapping parser, which names the key at fault.
      mapping: { type: ['object', 'null'] },
      baseRate: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
      ensemble: closedObject(['kind', 'initScore', 'features', 'trees'], {
        kind: { enum: ['gbdt', 'rf'] },
        initScore: { type: 'number' },
        features: {
          type: 'array',
          minItems: 1,
          items: closedObject(['name', 'kind'], {
            name: { type: 'string', minLength: 1 },
            kind: { enum: ['numeric', 'categorical'] },
            categories: { type: 'array', items: { type: 'string' }, uniqueItems: true },
          }),
        },
        trees: {
          type: 'array',
          minItems: 1,
          items: closedObject(
            ['splitFeature', 'threshold', 'decisionType', 'left', 'right', 'leafValue', 'leafCount', 'internalCount'],
            {
              splitFeature: counts,
              threshold: numbers,
              decisionType: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 15 } },
              left: ints,
              right: ints,
              leafValue: { ...numbers, minItems: 1 },
              leafCount: counts,
              internalCount: counts,
              catBoundaries: counts,
              catThreshold: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 0xffffffff } },
            },
          ),
        },
      }),
      training: {
        type: 'object',
        required: ['from', 'to', 'rows', 'positives'],
        properties: {
          from: date,
          to: date,
          rows: nonNegativeInt,
          positives: { type: ['integer', 'null'], minimum: 0 },
          sampledRows: nonNegativeInt,
        },
      },
      validation: {
        type: ['object', 'null'],
        required: ['from', 'to', 'rows', 'auc', 'precisionAt'],
        properties: {
          from: date,
          to: date,
          rows: nonNegativeInt,
          auc: { type: ['number', 'null'] },
          precisionAt: { type: ['object', 'array'] },
        },
      },
      hyperParameters: { type: 'object' },
    },
  ),
} as const;
