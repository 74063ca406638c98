/**
 * Limits on a YAML or JSON document, checked in one linear pass before the document is composed,
 * so that no text (uploaded over HTTP or read from a file) can make parsing slow or deep.
 *
 * Why limits and not a worker: the costs that explode are all inside the `yaml` library's
 * composer and our own passes over its result, and each is bounded by a count this pass knows
 * exactly before any of it runs:
 * - alias resolution scans every anchored or aliased node before the alias (`Alias.resolve`), so
 *   it costs anchors × aliases: bounded by `maxAnchors` and `maxAliases`;
 * - the composer and `toJS` recurse once per nesting level (100,000 levels overflow the stack, and
 *   an overflow inside V8's regexp compiler aborts the whole process, not just the parse): bounded
 *   by `maxDepth`;
 * - everything else (composing, `toJS`, the schema, the checks) is linear in the nodes: bounded by
 *   `maxNodes`. Duplicate keys are found with one Set per mapping (`findDuplicateKeys`) instead of
 *   the library's `uniqueKeys`, which compares each key with every earlier one (quadratic in the
 *   keys of one mapping: 16,000 keys took 1.6 s).
 * The pass itself is the library's own lexer and CST parser (iterative, linear), so it counts what
 * the composer will see, quotes, comments and block scalars included, and it stops at the first
 * limit crossed: a hostile document is refused after reading only as far as the limit.
 */
import { CST, isMap, isPair, isScalar, isSeq, Lexer, Parser, type Document, type LineCounter } from 'yaml';
import type { Issue } from '../issues.js';
import { createLoadIssue } from './load-issue.js';

/** Limits on one document; `DEFAULT_DOCUMENT_LIMITS` holds the defaults. */
export interface DocumentLimits {
  /** Deepest nesting of mappings and lists (a model needs about 8). */
  maxDepth: number;
  /** YAML anchors (`&name`) in one document. */
  maxAnchors: number;
  /** YAML aliases (`*name`) in one document. */
  maxAliases: number;
  /** Values (scalars, mappings, lists) in one document; data/world written as one document has about 10,000. */
  maxNodes: number;
}

/** 64 levels, 1,000 anchors, 1,000 aliases, 1,000,000 values. */
export const DEFAULT_DOCUMENT_LIMITS: DocumentLimits = {
  maxDepth: 64,
  maxAnchors: 1000,
  maxAliases: 1000,
  maxNodes: 1_000_000,
};

const FIXES: Record<keyof DocumentLimits, string> = {
  maxDepth: 'flatten the document: a model nests about 8 levels (facilities → processes → inputs)',
  maxAnchors: 'write the repeated values out, or move rows into table files (routes.csv, facilities.yaml)',
  maxAliases: 'write the repeated values out, or move rows into table files (routes.csv, facilities.yaml)',
  maxNodes: 'split the model into table files in a model folder, or load it with the CLI',
};

const WHAT: Record<keyof DocumentLimits, (limit: number) => string> = {
  maxDepth: (limit) => `nests deeper than ${limit} levels`,
  maxAnchors: (limit) => `has more than ${limit} anchors (&name)`,
  maxAliases: (limit) => `has more than ${limit} aliases (*name)`,
  maxNodes: (limit) => `has more than ${limit.toLocaleString('en')} values`,
};

/** The `MODEL_TOO_COMPLEX` issue for a document past `limit`, at `line`. */
export function createTooComplexIssue(
  file: string,
  limit: keyof DocumentLimits,
  limits: DocumentLimits,
  line?: number,
): Issue {
  const message = `'${file}' ${WHAT[limit](limits[limit])}${line === undefined ? '' : ` (at line ${line})`}; it was not parsed`;
  return createLoadIssue('MODEL_TOO_COMPLEX', message, { file, line, fix: FIXES[limit] });
}

const NODE_TYPES = new Set([
  'scalar',
  'single-quoted-scalar',
  'double-quoted-scalar',
  'block-scalar-header',
  'alias',
  'flow-map-start',
  'flow-seq-start',
  'seq-item-ind',
  'map-value-ind',
]);

/** What `scanYamlText` gives: the CST tokens for `Composer.compose`, or why the text was refused. */
export type ScanResult = { tokens: CST.Token[] } | { issue: Issue };

/** Lexemes scanned between two pauses of `scanYamlTextYielding` (about 5 ms of work). */
const SCAN_SLICE = 2000;

/**
 * Lexes and parses YAML text into CST tokens, counting anchors, aliases, values and the parser's
 * open collections as it goes; the first limit crossed stops it with a `MODEL_TOO_COMPLEX` issue.
 * Linear in the text read. Yields (nothing) after every `SCAN_SLICE` lexemes, so a caller can let
 * other work run between slices.
 */
function* scanSteps(
  text: string,
  file: string,
  limits: DocumentLimits,
  lineCounter: LineCounter,
): Generator<void, ScanResult> {
  const parser = new Parser(lineCounter.addNewLine);
  lineCounter.addNewLine(0); // as Parser.parse does: line 1 starts at offset 0
  const tokens: CST.Token[] = [];
  const counts = { anchors: 0, aliases: 0, nodes: 0, lexemes: 0 };
  let offset = 0;
  let atScalar = false;
  const stop = (limit: keyof DocumentLimits) => ({
    issue: createTooComplexIssue(file, limit, limits, lineCounter.linePos(offset).line),
  });
  for (const lexeme of new Lexer().lex(text)) {
    const type = atScalar ? 'scalar-text' : CST.tokenType(lexeme);
    atScalar = lexeme === CST.SCALAR;
    if (type === 'anchor' && ++counts.anchors > limits.maxAnchors) return stop('maxAnchors');
    if (type === 'alias' && ++counts.aliases > limits.maxAliases) return stop('maxAliases');
    if (type !== null && NODE_TYPES.has(type) && ++counts.nodes > limits.maxNodes) return stop('maxNodes');
    for (const token of parser.next(lexeme)) tokens.push(token);
    // The stack holds the document and each open collection (and at most one scalar being read).
    if (parser.stack.length > limits.maxDepth + 2) return stop('maxDepth');
    offset += lexeme.length;
    if (++counts.lexemes % SCAN_SLICE === 0) yield;
  }
  for (const token of parser.end()) tokens.push(token);
  return { tokens };
}

/** Scans YAML text under `limits` in one go (see `scanSteps`). */
export function scanYamlText(
  text: string,
  file: string,
  limits: DocumentLimits,
  lineCounter: LineCounter,
): ScanResult {
  const steps = scanSteps(text, file, limits, lineCounter);
  for (let step = steps.next(); ; step = steps.next()) if (step.done === true) return step.value;
}

/**
 * Scans YAML text under `limits`, letting the event loop run between slices: a server stays
 * responsive while a large upload is scanned, and the limits bound what is composed after.
 */
export async function scanYamlTextYielding(
  text: string,
  file: string,
  limits: DocumentLimits,
  lineCounter: LineCounter,
): Promise<ScanResult> {
  const steps = scanSteps(text, file, limits, lineCounter);
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done === true) return step.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]); // [ {
const CLOSERS = new Set([0x5d, 0x7d]); // ] }
const COMMA = 0x2c;
const NEWLINE = 0x0a;

/**
 * Checks JSON text against `limits` (depth and values) in one pass over its characters, before
 * `JSON.parse` or the YAML locator see it. Strings are skipped exactly (JSON has one quote and one
 * escape), so brackets inside strings never count. Undefined when within the limits.
 */
export function checkJsonText(text: string, file: string, limits: DocumentLimits): Issue | undefined {
  let depth = 0;
  let nodes = 1;
  let line = 1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (OPENERS.has(c)) {
      if (++depth > limits.maxDepth) return createTooComplexIssue(file, 'maxDepth', limits, line);
      nodes++;
    } else if (CLOSERS.has(c)) {
      depth--;
    } else if (c === COMMA && ++nodes > limits.maxNodes) {
      return createTooComplexIssue(file, 'maxNodes', limits, line);
    }
    if (c === NEWLINE) line++;
  }
  return undefined;
}

/**
 * True when a parsed value (e.g. an HTTP body parsed as JSON) nests deeper than `maxDepth`
 * mappings and lists. Iterative, so a value 100,000 levels deep cannot overflow the stack.
 */
export function isDeeperThan(value: unknown, maxDepth: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > maxDepth) return true;
    for (const child of Object.values(next.value)) stack.push({ value: child, depth });
  }
  return false;
}

/**
 * The offsets of keys that repeat an earlier key of the same mapping: one Set per mapping, so
 * linear in the document (the `yaml` library's `uniqueKeys` compares each key with every earlier one).
 */
export function findDuplicateKeys(doc: Document): { offset: number; key: string }[] {
  const found: { offset: number; key: string }[] = [];
  const stack: unknown[] = [doc.contents];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (isSeq(node)) for (const item of node.items) stack.push(item);
    if (!isMap(node)) continue;
    const seen = new Set<unknown>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      stack.push(pair.value);
      if (!isScalar(pair.key)) continue;
      if (seen.has(pair.key.value))
        found.push({ offset: pair.key.range?.[0] ?? 0, key: String(pair.key.value) });
      seen.add(pair.key.value);
    }
  }
  return found;
}
