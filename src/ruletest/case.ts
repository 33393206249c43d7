import type { Consignment } from '../declaration/record.js';
import type { Channel } from '../decision/decision.js';

/** What an analyst expects of one consignment under the rule set. */
export interface Expectation {
  channel?: Channel;
  /** Rules that must fire. */
  fires?: string[];
  /** Rules that must not fire. */
  notFires?: string[];
  /** An exact score, or a range (inclusive). */
  score?: number | { min?: number; max?: number };
}

/** One case of a `rules/tests/*.json` file, validated. */
export interface RuleTestCase {
  name: string;
  file: string;
  line: number;
  consignment: Consignment;
  /** Profile or watchlist fact values that replace the loaded ones. */
  features: Record<string, unknown>;
  /** When the decision is made (the day effective dates are judged on when the consignment has no date). */
  decidedAt?: string;
  expect: Expectation;
}

/** The file format: a description and its cases. */
export const RULE_TEST_SCHEMA = {
  type: 'object',
  required: ['cases'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    description: { type: 'string' },
    cases: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['name', 'consignment', 'expect'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1 },
          description: { type: 'string' },
          consignment: { type: 'object' },
          features: { type: 'object' },
          decidedAt: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}' },
          expect: {
            type: 'object',
            minProperties: 1,
            additionalProperties: false,
            properties: {
              channel: { enum: ['green', 'yellow', 'red'] },
              fires: { type: 'array', items: { type: 'string' } },
              notFires: { type: 'array', items: { type: 'string' } },
              score: {
                oneOf: [
                  { type: 'number' },
                  {
                    type: 'object',
                    additionalProperties: false,
                    minProperties: 1,
                    properties: { min: { type: 'number' }, max: { type: 'number' } },
                  },
                ],
              },
            },
          },
        },
      },
    },
  },
} as const;
