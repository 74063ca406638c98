/**
 * YAML and JSON documents: the value, every syntax error with its line and column, and a locator
 * that finds the line of any path in the document (JSON is located through the YAML parser, since
 * JSON is YAML).
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type YAMLError } from 'yaml';
import type { Issue, IssuePath } from '../issues.js';
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

/** The range start of the node at `path` (a mapping entry's key, a list item), or of its deepest existing parent. */
function offsetAt(doc: Document, path: IssuePath): number | undefined {
  let node: unknown = doc.contents;
  let offset = (node as Node | null)?.range?.[0];
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(part));
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
  return (rest) => {
    const offset = offsetAt(doc, rest);
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
    return { value: undefined, issues: [createLoadIssue('YAML_SYNTAX', `'${file}': ${why}`, { file, fix: 'simplify the anchors and aliases' })] };
  }
}

/** Parses YAML text; syntax errors become `YAML_SYNTAX` issues with line and column. */
export function parseYamlText(text: string, file: string): ParsedDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, customTags: [EXPLICIT_FLOAT] });
  const toIssue = (error: YAMLError, code: string, severity: 'error' | 'warning') => {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    const message = error.message.split('\n')[0] ?? error.message;
    return createLoadIssue(code, `${severity === 'error' ? 'invalid YAML' : 'YAML'}: ${message}`, { file, line, column: col, severity, fix: 'fix the YAML at this line' });
  };
  const issues = doc.errors.slice(0, MAX_SYNTAX_ISSUES).map((error) => toIssue(error, 'YAML_SYNTAX', 'error'));
  if (issues.length > 0) return { value: undefined, issues, locate: NO_LOCATION };
  const warnings = doc.warnings.slice(0, MAX_SYNTAX_ISSUES).map((warning) => toIssue(warning, 'YAML_WARNING', 'warning'));
  const built = toJsValue(doc, file);
  return { value: built.value, issues: [...warnings, ...built.issues], locate: createDocumentLocator(doc, lineCounter) };
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

/** Parses JSON text; a syntax error becomes a `JSON_SYNTAX` issue with line and column. */
export function parseJsonText(text: string, file: string): ParsedDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : 'invalid JSON';
    const { line, column } = toLineColumn(text, jsonErrorPosition(message, text));
    const issue = createLoadIssue('JSON_SYNTAX', `invalid JSON: ${message.replace(/ in JSON at position.*$/, '')}`, {
      file, line, column, fix: 'fix the JSON syntax at this line (a missing comma, quote or bracket?)',
    });
    return { value: undefined, issues: [issue], locate: NO_LOCATION };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  const locate = doc.errors.length === 0 ? createDocumentLocator(doc, lineCounter) : NO_LOCATION;
  return { value, issues: [], locate };
}
