/**
 * YAML and JSON documents: the value, every syntax error with its line and column, and a locator
 * that finds the line of any path in the document (JSON is located through the YAML parser, since
 * JSON is YAML).
 */
import { unclosedFlowStart } from './unclosed-flow.js';
import {
  Composer,
  type CST,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Document,
  type Node,
  type Pair,
  type YAMLError,
  type YAMLMap,
} from 'yaml';
import type { Issue, IssuePath } from '../issues.js';
import {
  checkJsonText,
  DEFAULT_DOCUMENT_LIMITS,
  findDuplicateKeys,
  scanYamlText,
  scanYamlTextYielding,
  type DocumentLimits,
} from './document-limits.js';
import { createLoadIssue } from './load-issue.js';
import type { Locator } from './source-map.js';

export interface ParsedDocument {
  value: unknown;
  issues: Issue[];
  /** Locates a path inside the document's value; `[]` is the document itself. */
  locate: Locator;
}

const MAX_SYNTAX_ISSUES = 10;

/**
 * `!!float '6'` and `!!float 6` are floats in YAML 1.2, but the core schema's float tag only
 * resolves text with a dot or exponent; this explicit-only tag accepts any number.
 */
const EXPLICIT_FLOAT = {
  tag: 'tag:yaml.org,2002:float',
  resolve: (text: string) => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text),
};
const NO_LOCATION: Locator = () => ({});

function keyText(node: unknown): string | undefined {
  return isScalar(node) ? String(node.value) : undefined;
}

/**
 * A lookup of a mapping's entries by key text, built once per mapping on first use, so locating
 * many issues in a mapping of many keys stays linear (a search per issue was quadratic).
 */
function createPairFinder(): (map: YAMLMap, key: string) => Pair | undefined {
  const indexes = new WeakMap<YAMLMap, Map<string, Pair>>();
  return (map, key) => {
    let index = indexes.get(map);
    if (!index) {
      index = new Map();
      for (const item of map.items) {
        const text = isPair(item) ? keyText(item.key) : undefined;
        if (text !== undefined && !index.has(text)) index.set(text, item);
      }
      indexes.set(map, index);
    }
    return index.get(key);
  };
}

/** The range start of the node at `path` (a mapping entry's key, a list item), or of its deepest existing parent. */
function offsetAt(
  doc: Document,
  path: IssuePath,
  findPair: ReturnType<typeof createPairFinder>,
): number | undefined {
  let node: unknown = doc.contents;
  let offset = (node as Node | null)?.range?.[0];
  for (const part of path) {
    if (isMap(node)) {
      const pair = findPair(node, String(part));
      if (!pair) return offset;
      offset = (pair.key as Node | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      node = node.items[part];
      if (node === undefined) return offset;
      offset = (node as Node | null)?.range?.[0] ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

function createDocumentLocator(doc: Document, lineCounter: LineCounter): Locator {
  const findPair = createPairFinder();
  return (rest) => {
    const offset = offsetAt(doc, rest, findPair);
    if (offset === undefined) return {};
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
}

function toJsValue(doc: Document, file: string): { value: unknown; issues: Issue[] } {
  try {
    return { value: doc.toJS({ maxAliasCount: 1000 }), issues: [] };
  } catch (error) {
    const why = error instanceof Error ? error.message : 'cannot build the value';
    return {
      value: undefined,
      issues: [
        createLoadIssue('YAML_SYNTAX', `'${file}': ${why}`, {
          file,
          fix: 'simplify the anchors and aliases',
        }),
      ],
    };
  }
}

/** Options of `parseYamlText` and `parseJsonText`. */
export interface ParseOptions {
  /** Limits on anchors, aliases, nesting and values; past one the document is `MODEL_TOO_COMPLEX`. */
  limits?: DocumentLimits;
}

/** A syntax error or warning at an offset of the text. */
interface Problem {
  offset: number;
  message: string;
  /** How to fix it, when more is known than "this line". */
  fix?: string;
}

interface Composed {
  doc: Document;
  lineCounter: LineCounter;
  /** The composer's errors, a second document and repeated keys, in text order. */
  errors: Problem[];
}

const toProblem = (error: YAMLError): Problem => ({
  offset: error.pos[0],
  message: error.message.split('\n')[0] ?? error.message,
});

/**
 * Composes scanned YAML (`scanYamlText`, which refused it if past a limit); repeated keys are
 * found by `findDuplicateKeys` (linear) rather than the composer's quadratic `uniqueKeys`.
 */
function composeScanned(
  text: string,
  tokens: readonly CST.Token[],
  lineCounter: LineCounter,
  options: { uniqueKeys: boolean },
): Composed {
  const composer = new Composer({ uniqueKeys: false, customTags: [EXPLICIT_FLOAT] });
  const [doc, second] = composer.compose(tokens, true, text.length);
  if (!doc) throw new Error('the YAML composer gave no document');
  const errors = doc.errors.map(toProblem);
  if (second)
    errors.push({
      offset: second.range[0],
      message: 'the text holds more than one YAML document (a second ---); a model is one document',
    });
  if (options.uniqueKeys)
    for (const { offset, key } of findDuplicateKeys(doc))
      errors.push({ offset, message: `Map keys must be unique; '${key}' is repeated` });
  errors.sort((a, b) => a.offset - b.offset);
  return { doc, lineCounter, errors };
}

/**
 * A flow map or sequence left open is reported where its `{` or `[` is, not on the next line
 * where the parser noticed: "… end with a }: the '{' on line 7, column 5 is not closed".
 */
function atUnclosedFlow(problem: Problem, text: string, lineCounter: LineCounter): Problem {
  if (!/end with an? [}\]]/.test(problem.message)) return problem;
  const start = unclosedFlowStart(text, problem.offset);
  if (start === undefined) return problem;
  const { line, col } = lineCounter.linePos(start);
  const message = problem.message.replace(/ at line \d+, column \d+:?$/, '');
  const [opener, closer] = text[start] === '[' ? ['[', ']'] : ['{', '}'];
  return {
    offset: start,
    message: `${message}: the '${opener}' on line ${line}, column ${col} is not closed`,
    fix: `close it with '${closer}' on line ${line}`,
  };
}

/**
 * Parses YAML text under limits; syntax errors become `YAML_SYNTAX` issues with line and column.
 * The text is scanned in slices with the event loop free between them (`scanYamlTextYielding`).
 */
export async function parseYamlText(
  text: string,
  file: string,
  options: ParseOptions = {},
): Promise<ParsedDocument> {
  const lineCounter = new LineCounter();
  const scanned = await scanYamlTextYielding(
    text,
    file,
    options.limits ?? DEFAULT_DOCUMENT_LIMITS,
    lineCounter,
  );
  if ('issue' in scanned) return { value: undefined, issues: [scanned.issue], locate: NO_LOCATION };
  const { doc, errors } = composeScanned(text, scanned.tokens, lineCounter, { uniqueKeys: true });
  const toIssue = (found: Problem, code: string, severity: 'error' | 'warning') => {
    const problem = atUnclosedFlow(found, text, lineCounter);
    const { line, col } = lineCounter.linePos(problem.offset);
    return createLoadIssue(code, `${severity === 'error' ? 'invalid YAML' : 'YAML'}: ${problem.message}`, {
      file,
      line,
      column: col,
      severity,
      fix: problem.fix ?? 'correct the YAML at this line',
    });
  };
  const issues = errors.slice(0, MAX_SYNTAX_ISSUES).map((error) => toIssue(error, 'YAML_SYNTAX', 'error'));
  if (issues.length > 0) return { value: undefined, issues, locate: NO_LOCATION };
  const warnings = doc.warnings
    .slice(0, MAX_SYNTAX_ISSUES)
    .map((warning) => toIssue(toProblem(warning), 'YAML_WARNING', 'warning'));
  const built = toJsValue(doc, file);
  return {
    value: built.value,
    issues: [...warnings, ...built.issues],
    locate: createDocumentLocator(doc, lineCounter),
  };
}

function toLineColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return { line, column: position - before.lastIndexOf('\n') };
}

function jsonErrorPosition(message: string, text: string): number {
  const match = /position (\d+)/.exec(message);
  return match?.[1] === undefined ? text.length : Number(match[1]);
}

/**
 * Parses JSON text under limits; a syntax error becomes a `JSON_SYNTAX` issue with line and column.
 * Lines are found through the YAML composer (JSON is YAML), only when an issue needs one.
 */
export function parseJsonText(text: string, file: string, options: ParseOptions = {}): ParsedDocument {
  const limits = options.limits ?? DEFAULT_DOCUMENT_LIMITS;
  const tooComplex = checkJsonText(text, file, limits);
  if (tooComplex) return { value: undefined, issues: [tooComplex], locate: NO_LOCATION };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : 'invalid JSON';
    const { line, column } = toLineColumn(text, jsonErrorPosition(message, text));
    const issue = createLoadIssue(
      'JSON_SYNTAX',
      `invalid JSON: ${message.replace(/ in JSON at position.*$/, '')}`,
      {
        file,
        line,
        column,
        fix: 'fix the JSON syntax at this line (a missing comma, quote or bracket?)',
      },
    );
    return { value: undefined, issues: [issue], locate: NO_LOCATION };
  }
  let locate: Locator | undefined;
  const locateLazily: Locator = (rest) => {
    if (!locate) {
      // JSON has no anchors: the limits that matter here are depth and values, checked above.
      const lineCounter = new LineCounter();
      const scanned = scanYamlText(
        text,
        file,
        { ...limits, maxAnchors: Infinity, maxAliases: Infinity },
        lineCounter,
      );
      const composed =
        'issue' in scanned
          ? undefined
          : composeScanned(text, scanned.tokens, lineCounter, { uniqueKeys: false });
      locate =
        composed === undefined || composed.errors.length > 0
          ? NO_LOCATION
          : createDocumentLocator(composed.doc, lineCounter);
    }
    return locate(rest);
  };
  return { value, issues: [], locate: locateLazily };
}
