import { closedObject } from '../json-schema.js';

/**
 * JSON Schema of a rule-set file's envelope and rules. Conditions are only
 * required to be objects here: their grammar (all/any/not/fact…) is checked by
 * ruleset/check-conditions.ts, which names the exact operator or fact at fault
 * instead of the long alternatives a `oneOf` schema would report.
 */
export const RULE_SET_SCHEMA = {
  $id: 'https://customs-targeting.dev/schema/rule-set.json',
  ...closedObject(['name', 'version', 'thresholds', 'rules'], {
    $schema: { type: 'string' },
    name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', maxLength: 80 },
    version: { type: 'string', minLength: 1, maxLength: 40 },
    description: { type: 'string' },
    thresholds: closedObject(['red', 'yellow'], {
      red: { type: 'number', minimum: 0, maximum: 100 },
      yellow: { type: 'number', minimum: 0, maximum: 100 },
    }),
    calibration: closedObject(['targetRate', 'yellowRate', 'fittedOn', 'shares'], {
      targetRate: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
      yellowRate: { type: 'number', minimum: 0, maximum: 1 },
      fittedOn: { enum: ['validation', 'train'] },
      from: { $ref: '#/$defs/date' },
      shares: closedObject(['red', 'yellow'], {
        red: { type: 'number', minimum: 0, maximum: 1 },
        yellow: { type: 'number', minimum: 0, maximum: 1 },
      }),
    }),
    randomInspection: closedObject(['rate', 'seed'], {
      rate: { type: 'number', minimum: 0, maximum: 1 },
      seed: { type: 'string', minLength: 1 },
    }),
    facts: {
      type: 'object',
      propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_.]*$' },
      additionalProperties: closedObject(['type', 'description'], {
        type: { enum: ['string', 'number', 'boolean', 'object'] },
        description: { type: 'string' },
        attribute: { type: 'string', minLength: 1 },
      }),
    },
    rules: { type: 'array', items: { $ref: '#/$defs/rule' } },
  }),
  $defs: {
    date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    rule: closedObject(['name', 'conditions', 'event', 'reason'], {
      name: { type: 'string', minLength: 1, maxLength: 120 },
      description: { type: 'string' },
      conditions: { type: 'object' },
      event: closedObject(['type'], { type: { type: 'string', minLength: 1 }, params: { type: 'object' } }),
      priority: { type: 'integer', minimum: 1 },
      points: { type: 'number', minimum: -100, maximum: 100 },
      reason: { type: 'string', minLength: 1 },
      channel: { enum: ['green', 'yellow', 'red'] },
      status: { enum: ['draft', 'active', 'retired'] },
      effectiveFrom: { $ref: '#/$defs/date' },
      effectiveTo: { $ref: '#/$defs/date' },
      owner: { type: 'string' },
      statistic: { type: 'string', minLength: 1, maxLength: 120 },
      onSuccess: false,
      onFailure: false,
    }),
  },
} as const;
