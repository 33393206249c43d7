import type { ErrorCode } from '../error-codes.js';
import { createReadStream } from 'node:fs';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { RecordError } from '../errors.js';

/** The namespaces of a WCO DM 3.x DEC message as CDS and the EU's DMS lodge it. */
export const WCO_NS = {
  metaData: 'urn:wco:datamodel:WCO:DocumentMetaData-DMS:2',
  declaration: 'urn:wco:datamodel:WCO:DEC-DMS:2',
  /** CDS's cancellation request (CANCEL.xsd) puts its Declaration in a namespace of its own. */
  cancellation: 'urn:wco:datamodel:WCO:CANCEL-DEC-DMS:2',
  dataSet: 'urn:wco:datamodel:WCO:Declaration_DS:DMS:2',
} as const;

/** Limits on one file and one message: past them the input is refused, never truncated. */
export const XML_LIMITS = {
  /** Characters between two pieces of markup (a text node, an attribute, a tag): 1 MiB. */
  maxTextChars: 1 << 20,
  /** Elements in one message. */
  maxElements: 200_000,
};

/** An element of a message, namespaces resolved: only those of the WCO DEC namespaces are kept. */
export interface XmlElement {
  name: string;
  text: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  line: number;
}

/** One message of a file: its MetaData type name (when wrapped) and its Declaration, or why it is not one. */
export type XmlMessage =
  { line: number; typeName?: string; declaration?: XmlElement } | { line: number; error: RecordError };

/** Namespaces a message's `Declaration` element may be in. */
const MESSAGE_NAMESPACES = new Set<string>([WCO_NS.declaration, WCO_NS.cancellation]);
/** Namespaces of the elements read inside a `Declaration`. */
const DECLARATION_NAMESPACES = new Set<string>([...MESSAGE_NAMESPACES, WCO_NS.dataSet]);

/**
 * The messages of a WCO DM XML file, streamed with saxes: the root is one
 * `MetaData` or `Declaration`, or any element holding several of them. A DTD
 * is refused (no entity is ever expanded), text past XML_LIMITS is refused
 * before it is held, a `Declaration` or `MetaData` in another namespace is
 * not a message of ours. A syntax error stops the file (what follows it
 * cannot be read reliably), naming its line; the messages before it stand.
 */
export async function* readXmlMessages(file: string): AsyncGenerator<XmlMessage> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const out: XmlMessage[] = [];
  const fail = (code: ErrorCode, problem: string, hint?: string) =>
    new RecordError(code, problem, { file, line: parser.line }, hint);
  let depth = 0;
  let message:
    { line: number; typeName?: string; declaration?: XmlElement; metaData: boolean; refused?: boolean } | undefined;
  let messageDepth = 0;
  /** Open elements of the current Declaration; `null` marks a foreign element being skipped. */
  const stack: (XmlElement | null)[] = [];
  let elements = 0;
  let metaField: string | undefined;
  let stopped: RecordError | undefined;
  /** Every open element (name, line), to say which one a syntax error leaves unclosed. */
  const open: { name: string; line: number }[] = [];
  let lastClosed: { name: string; line: number } | undefined;

  parser.on('doctype', () => {
    throw fail('XML_DTD', 'a DTD is not allowed in a declaration message', 'send the message without <!DOCTYPE …>');
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    depth++;
    open.push({ name: tag.name, line: parser.line });
    const inDeclaration = stack.length > 0;
    if (inDeclaration) {
      const parent = stack[stack.length - 1];
      if (parent === null || !DECLARATION_NAMESPACES.has(tag.uri)) return void stack.push(null);
      if (++elements > XML_LIMITS.maxElements)
        throw fail('XML_TOO_LARGE', `more than ${XML_LIMITS.maxElements} elements in one message`);
      const el = element(tag, parser.line);
      parent.children.push(el);
      return void stack.push(el);
    }
    if (tag.local === 'Declaration' && (message === undefined || message.metaData)) {
      if (!MESSAGE_NAMESPACES.has(tag.uri)) {
        out.push({ line: parser.line, error: wrongNamespace(file, parser.line, tag, WCO_NS.declaration) });
        if (!message) return void skipMessage();
        message.refused = true;
        return void stack.push(null);
      }
      if (!message) {
        message = { line: parser.line, metaData: false };
        messageDepth = depth;
      }
      elements = 1;
      message.declaration = element(tag, parser.line);
      return void stack.push(message.declaration);
    }
    if (tag.local === 'MetaData' && message === undefined) {
      if (tag.uri !== WCO_NS.metaData) {
        out.push({ line: parser.line, error: wrongNamespace(file, parser.line, tag, WCO_NS.metaData) });
        return void skipMessage();
      }
      message = { line: parser.line, metaData: true };
      messageDepth = depth;
      return;
    }
    if (message?.metaData && depth === messageDepth + 1 && tag.uri === WCO_NS.metaData) metaField = tag.local;
  });
  parser.on('text', (text) => {
    const top = stack[stack.length - 1];
    if (top) top.text += text;
    else if (metaField === 'WCOTypeName' && message) message.typeName = (message.typeName ?? '') + text;
  });
  parser.on('cdata', (text) => {
    const top = stack[stack.length - 1];
    if (top) top.text += text;
  });
  parser.on('closetag', () => {
    lastClosed = open.pop();
    if (stack.length > 0) stack.pop();
    metaField = undefined;
    if (message && depth === messageDepth) {
      const { line, typeName, declaration, refused } = message;
      if (!refused)
        out.push({
          line,
          ...(typeName !== undefined ? { typeName: typeName.trim() } : {}),
          ...(declaration ? { declaration } : {}),
        });
      message = undefined;
    }
    depth--;
  });

  /** A root-level element that is not a message in our namespace: its content is skipped, not read. */
  function skipMessage(): void {
    message = { line: parser.line, metaData: false, refused: true };
    messageDepth = depth;
    stack.push(null);
  }

  let run = 0;
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 });
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      // Characters since the last '<': a text node (or a tag) growing past the limit is refused before saxes holds it.
      const lt = chunk.lastIndexOf('<');
      run = lt < 0 ? run + chunk.length : chunk.length - lt - 1;
      if (run > XML_LIMITS.maxTextChars) {
        stopped = fail(
          'XML_TEXT_TOO_LARGE',
          `a text node or tag longer than ${XML_LIMITS.maxTextChars} characters`,
          'no field of a declaration is that long: check the file',
        );
        break;
      }
      parser.write(chunk);
      yield* out.splice(0);
    }
    if (!stopped) parser.close();
  } catch (e) {
    if (e instanceof RecordError) stopped = e;
    else {
      const problem = (e as Error).message.replace(/^(?:[^:]*:)?\d+:\d+: /, '');
      // saxes closes the elements a wrong close tag skips before it reports it: the last one closed is the culprit.
      const unclosed = problem.startsWith('unexpected close tag') ? lastClosed : open[open.length - 1];
      const which = unclosed ? ` (<${unclosed.name}> opened on line ${unclosed.line} is not closed)` : '';
      stopped = fail('BAD_XML', `malformed XML: ${problem}${which}`, 'check that every element is closed, in order');
    }
  } finally {
    stream.destroy();
  }
  yield* out.splice(0);
  if (stopped) yield { line: stopped.where.line ?? parser.line, error: stopped };
}

function element(tag: SaxesTagNS, line: number): XmlElement {
  const attrs: Record<string, string> = {};
  for (const a of Object.values(tag.attributes)) if (a.uri === '') attrs[a.local] = a.value;
  return { name: tag.local, text: '', attrs, children: [], line };
}

function wrongNamespace(file: string, line: number, tag: SaxesTagNS, expected: string): RecordError {
  return new RecordError(
    'XML_WRONG_NAMESPACE',
    `<${tag.name}> is in namespace "${tag.uri}", not ${expected}`,
    { file, line },
    'a WCO DM 3.x DEC message declares the DMS namespaces (docs/formats.md)',
  );
}

/** The children of `el` named `name`. */
export function childrenNamed(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

/** The first element at a `/`-separated path below `el`. */
export function at(el: XmlElement | undefined, path: string): XmlElement | undefined {
  let cur = el;
  for (const step of path.split('/')) {
    cur = cur?.children.find((c) => c.name === step);
    if (!cur) return undefined;
  }
  return cur;
}

/** The trimmed text at a path below `el`; undefined when absent or blank. */
export function textAt(el: XmlElement | undefined, path: string): string | undefined {
  const t = at(el, path)?.text.trim();
  return t === '' ? undefined : t;
}
