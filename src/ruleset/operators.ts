/**
 * The operators a condition may name, with json-rules-engine's exact semantics:
 * an operator passes when its fact-value validator accepts the fact value and its
 * callback returns true. Both engines use these definitions (the reference engine
 * gets the custom ones registered by name), so they cannot drift apart.
 */
export type OperatorCallback = (factValue: any, jsonValue: any) => boolean;
export type Validator = (factValue: any) => boolean;

export interface OperatorDef {
  name: string;
  cb: OperatorCallback;
  validator?: Validator;
  /** Built into json-rules-engine (true) or registered by us (false). */
  builtIn: boolean;
  /** What the condition's `value` must be when written literally. */
  valueKind: 'any' | 'number' | 'array' | 'string' | 'numberPair';
  /** The fact value must be a number for the operator to pass. */
  numericFact?: boolean;
  /** Can the callback throw on a literal value of the right kind? */
  mayThrow?: boolean;
  description: string;
}

export interface DecoratorDef {
  name: string;
  cb: (factValue: any, jsonValue: any, next: (f: any, j: any) => boolean) => boolean;
  validator?: Validator;
  description: string;
}

// json-rules-engine's check, with fast paths for numbers (parseFloat of a number's text is NaN only for NaN) and for
// missing facts (parseFloat of undefined or null is NaN): most facts of a consignment without history are missing.
const numberValidator: Validator = (factValue) =>
  typeof factValue === 'number'
    ? factValue === factValue
    : factValue != null && Number.parseFloat(factValue).toString() !== 'NaN';
const isString: Validator = (v) => typeof v === 'string';

export const OPERATORS: readonly OperatorDef[] = [
  { name: 'equal', builtIn: true, valueKind: 'any', cb: (a, b) => a === b, description: 'fact === value' },
  { name: 'notEqual', builtIn: true, valueKind: 'any', cb: (a, b) => a !== b, description: 'fact !== value' },
  {
    name: 'in',
    builtIn: true,
    valueKind: 'array',
    cb: (a, b) => b.indexOf(a) > -1,
    description: 'fact is one of the values',
  },
  {
    name: 'notIn',
    builtIn: true,
    valueKind: 'array',
    cb: (a, b) => b.indexOf(a) === -1,
    description: 'fact is none of the values',
  },
  {
    name: 'contains',
    builtIn: true,
    valueKind: 'any',
    cb: (a, b) => a.indexOf(b) > -1,
    validator: Array.isArray,
    description: 'fact (an array) contains the value',
  },
  {
    name: 'doesNotContain',
    builtIn: true,
    valueKind: 'any',
    cb: (a, b) => a.indexOf(b) === -1,
    validator: Array.isArray,
    description: 'fact (an array) does not contain the value',
  },
  {
    name: 'lessThan',
    builtIn: true,
    valueKind: 'number',
    numericFact: true,
    cb: (a, b) => a < b,
    validator: numberValidator,
    description: 'fact < value',
  },
  {
    name: 'lessThanInclusive',
    builtIn: true,
    valueKind: 'number',
    numericFact: true,
    cb: (a, b) => a <= b,
    validator: numberValidator,
    description: 'fact <= value',
  },
  {
    name: 'greaterThan',
    builtIn: true,
    valueKind: 'number',
    numericFact: true,
    cb: (a, b) => a > b,
    validator: numberValidator,
    description: 'fact > value',
  },
  {
    name: 'greaterThanInclusive',
    builtIn: true,
    valueKind: 'number',
    numericFact: true,
    cb: (a, b) => a >= b,
    validator: numberValidator,
    description: 'fact >= value',
  },
  // Customs-specific: HS codes and identifiers are matched by prefix (chapter 61 = all of 61xxxx).
  {
    name: 'startsWith',
    builtIn: false,
    valueKind: 'string',
    cb: (a, b) => a.startsWith(String(b)),
    validator: isString,
    description: 'fact (text) starts with the value',
  },
  {
    name: 'startsWithAny',
    builtIn: false,
    valueKind: 'array',
    cb: (a, b) => Array.isArray(b) && b.some((p) => a.startsWith(String(p))),
    validator: isString,
    description: 'fact (text) starts with one of the values, e.g. HS chapters ["61","62"]',
  },
  {
    name: 'between',
    builtIn: false,
    valueKind: 'numberPair',
    numericFact: true,
    cb: (a, b) => Array.isArray(b) && a >= b[0] && a <= b[1],
    validator: numberValidator,
    description: 'value[0] <= fact <= value[1]',
  },
];

export const DECORATORS: readonly DecoratorDef[] = [
  ...quantifiers('some'),
  ...quantifiers('every'),
  { name: 'swap', cb: (f, j, next) => next(j, f), description: 'swap fact and value' },
  { name: 'not', cb: (f, j, next) => !next(f, j), description: 'negate' },
];

/** `someFact` / `everyFact` and `someValue` / `everyValue`: the next check on each element of one side's array. */
function quantifiers(q: 'some' | 'every'): DecoratorDef[] {
  return [
    {
      name: `${q}Fact`,
      cb: (f, j, next) => f[q]((fv: unknown) => next(fv, j)),
      validator: Array.isArray,
      description: `${q} element of the fact array passes`,
    },
    {
      name: `${q}Value`,
      cb: (f, j, next) => j[q]((jv: unknown) => next(f, jv)),
      description: `the fact passes against ${q} element of the value array`,
    },
  ];
}

const OPERATOR_BY_NAME = new Map(OPERATORS.map((o) => [o.name, o]));
const DECORATOR_BY_NAME = new Map(DECORATORS.map((d) => [d.name, d]));

export interface ResolvedOperator {
  /** Evaluates exactly like json-rules-engine's `Operator.evaluate`. */
  evaluate: OperatorCallback;
  base: OperatorDef;
  decorators: DecoratorDef[];
}

/**
 * Resolves `decorator:decorator:operator` the way json-rules-engine's OperatorMap
 * does (leftmost decorator outermost); undefined when a part is unknown.
 */
export function resolveOperator(name: string): ResolvedOperator | undefined {
  const parts = name.split(':');
  const base = OPERATOR_BY_NAME.get(parts[parts.length - 1]);
  if (!base) return undefined;
  const decorators: DecoratorDef[] = [];
  for (const part of parts.slice(0, -1)) {
    const d = DECORATOR_BY_NAME.get(part);
    if (!d) return undefined;
    decorators.push(d);
  }
  let evaluate = withValidator(base.cb, base.validator);
  for (let i = decorators.length - 1; i >= 0; i--) {
    const d = decorators[i];
    const next = evaluate;
    evaluate = withValidator((f, j) => d.cb(f, j, next), d.validator);
  }
  return { evaluate, base, decorators };
}

function withValidator(cb: OperatorCallback, validator?: Validator): OperatorCallback {
  return validator ? (f, j) => validator(f) && cb(f, j) : cb;
}
