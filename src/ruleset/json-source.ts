import {
  findNodeAtLocation,
  getNodeValue,
  parseTree,
  printParseErrorCode,
  type Node,
  type ParseError,
} from 'jsonc-parser';
import { RuleSetError } from '../errors.js';
import { inWords } from './in-words.js';

/** A parsed JSON file that can tell the line and column of any JSON path in it. */
export interface JsonSource {
  file: string;
  value: unknown;
  locate(path: (string | number)[]): { line: number; column: number } | undefined;
}

/** Parses strict JSON; a syntax error names the line and column. */
export function parseJsonSource(file: string, text: string): JsonSource {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length > 0 || !tree) {
    const e = errors[0];
    const at = e ? position(text, e.offset) : { line: 1, column: 1 };
    const what = e ? describeParseError(printParseErrorCode(e.error)) : 'empty file';
    throw new RuleSetError(
      'BAD_JSON',
      `invalid JSON: ${what}`,
      { file, ...at },
      'fix the syntax at that position (a missing comma, quote or bracket)',
    );
  }
  return {
    file,
    value: getNodeValue(tree),
    locate(path) {
      let node: Node | undefined;
      // The deepest existing node: a missing property is reported where its parent is.
      for (let n = path.length; n >= 0 && !node; n--) node = findNodeAtLocation(tree, path.slice(0, n));
      // Point at the property (`"operator": "lessThen"`), where an editor shows the line.
      const start = node?.parent?.type === 'property' ? node.parent.offset : node?.offset;
      return start === undefined ? undefined : position(text, start);
    },
  };
}

/** `$.rules[2].conditions.all[0]` for ['rules', 2, 'conditions', 'all', 0]. */
export function jsonPath(path: (string | number)[]): string {
  return (
    '$' +
    path
      .map((p) =>
        typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`,
      )
      .join('')
  );
}

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** jsonc-parser's error codes in words. */
const describeParseError = inWords({
  CommaExpected: 'a comma is missing',
  ColonExpected: 'a colon is missing',
  PropertyNameExpected: 'a property name in double quotes is expected',
  ValueExpected: 'a value is expected',
  CloseBraceExpected: 'a closing } is missing',
  CloseBracketExpected: 'a closing ] is missing',
  EndOfFileExpected: 'unexpected content after the end',
  UnexpectedEndOfString: 'a string is not closed',
  InvalidSymbol: 'an invalid symbol (comments and single quotes are not JSON)',
  InvalidCommentToken: 'comments are not allowed in JSON',
});
