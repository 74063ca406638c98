/**
 * loadModel: a model folder, a single YAML/JSON file or an XLSX workbook → a validated Model, or
 * every issue found, each with its file and line. Bad input never throws.
 */
import { basename } from 'node:path';
import type { Issue } from '../issues.js';
import { hasErrors } from '../issues.js';
import { z } from 'zod';
import { modelSchema, type Model } from '../model.js';
import type { Assembly } from './assemble.js';
import { DEFAULT_DOCUMENT_LIMITS, type DocumentLimits } from './document-limits.js';
import { createLoadIssue } from './load-issue.js';
import { DEFAULT_MAX_FILE_BYTES } from './read-file.js';
import { createSourceMap, locateIssues, type SourceMap } from './source-map.js';
import { readSource, type ReadContext } from './read-source.js';
import { fromZodIssues } from './zod-issues.js';

export interface LoadOptions {
  /** Largest file read, in bytes; default 50 MB. */
  maxFileBytes?: number;
  /** Limits on each YAML/JSON document (nesting, anchors, aliases, values); default `DEFAULT_DOCUMENT_LIMITS`. */
  limits?: DocumentLimits;
  /**
   * Keep the raw merged object as `input`; default true. When false, each table row is dropped
   * once it is parsed, so a big table never sits in memory as raw and parsed rows at once.
   */
  keepInput?: boolean;
}

export interface LoadResult {
  /** The validated model; absent when any error was found. */
  model?: Model;
  /** The raw merged object (all files combined, before validation); absent with `keepInput: false`. */
  input?: unknown;
  issues: Issue[];
  /** Where each part of the input came from; pass it to `locateIssues` for later checks. */
  sources: SourceMap;
}

type TableKey = keyof typeof modelSchema.shape;

/** The row schema of a top-level list with no checks of its own (`z.array(row).default([])`), else undefined. */
function rowSchemaOf(key: TableKey): z.ZodType | undefined {
  const field = modelSchema.shape[key];
  const list = field instanceof z.ZodDefault ? field.unwrap() : field;
  if (!(list instanceof z.ZodArray) || (list.def.checks?.length ?? 0) > 0) return undefined;
  return list.element as z.ZodType;
}

const ROW_TABLES = (Object.keys(modelSchema.shape) as TableKey[]).flatMap((key) => {
  const row = rowSchemaOf(key);
  return row ? [{ key, row }] : [];
});
const SHAPE_RANK = new Map<string | number, number>(Object.keys(modelSchema.shape).map((key, i) => [key, i]));

/**
 * Parses every row of a list table on its own, in place of one parse of the whole model: each
 * row's issues are mapped while its raw row is still in `root`, then (unless the raw input is
 * kept) the raw row is replaced by the parsed one, so raw and parsed rows are never both whole.
 */
function parseRows(
  root: Record<string, unknown>,
  rows: unknown[],
  table: { key: string; row: z.ZodType },
  keepInput: boolean,
): { parsed: unknown[]; issues: Issue[] } {
  const parsed: unknown[] = [];
  const issues: Issue[] = [];
  for (let i = 0; i < rows.length; i++) {
    const result = table.row.safeParse(rows[i]);
    if (result.success) {
      parsed.push(result.data);
      if (!keepInput) rows[i] = result.data;
    } else {
      issues.push(
        ...fromZodIssues(
          result.error.issues.map((issue) => ({ ...issue, path: [table.key, i, ...issue.path] })),
          root,
        ),
      );
    }
  }
  return { parsed, issues };
}

/**
 * `modelSchema.safeParse(root)`, with the same issues in the same order, but list tables parsed
 * row by row (`parseRows`). Zod reports an object's issues in the order of its fields, then its
 * unknown keys (path `[]`), so the issues are merged by the rank of their first path key.
 */
function parseModel(root: Record<string, unknown>, keepInput: boolean): { model?: Model; issues: Issue[] } {
  const rest: Record<string, unknown> = { ...root };
  const tables: { key: TableKey; parsed: unknown[]; issues: Issue[] }[] = [];
  for (const table of ROW_TABLES) {
    const rows = root[table.key];
    if (!Array.isArray(rows)) continue;
    rest[table.key] = [];
    tables.push({ key: table.key, ...parseRows(root, rows, table, keepInput) });
  }
  const parsed = modelSchema.safeParse(rest);
  const rowIssues = tables.flatMap((table) => table.issues);
  const restIssues = parsed.success ? [] : fromZodIssues(parsed.error.issues, root);
  const rank = (issue: Issue): number => SHAPE_RANK.get(issue.path[0] ?? '') ?? SHAPE_RANK.size;
  const issues = [...restIssues, ...rowIssues].sort((a, b) => rank(a) - rank(b));
  if (!parsed.success || rowIssues.length > 0) return { issues };
  const model: Record<string, unknown> = parsed.data;
  for (const table of tables) model[table.key] = table.parsed;
  return { model: model as Model, issues };
}

function validate(assembly: Assembly, keepInput: boolean): LoadResult {
  const parsed = parseModel(assembly.root, keepInput);
  const located = locateIssues(parsed.issues, assembly.sources).filter(
    (issue) =>
      !(
        issue.code === 'SCHEMA_MISSING_FIELD' &&
        assembly.missingColumns.has(`${issue.file ?? ''}\0${String(issue.path[issue.path.length - 1])}`)
      ),
  );
  const issues = [...assembly.issues, ...located];
  const result: LoadResult = { issues, sources: assembly.sources };
  if (keepInput) result.input = assembly.root;
  if (parsed.model && !hasErrors(issues)) result.model = parsed.model;
  return result;
}

/**
 * Loads a model from a folder (model.yaml plus table files), one .yaml/.json file or an .xlsx
 * workbook. Never throws: every problem is an issue with a code, path, file and line.
 *
 * @example
 * const { model, issues } = await loadModel('data/two-base');
 */
export async function loadModel(path: string, options: LoadOptions = {}): Promise<LoadResult> {
  const context: ReadContext = {
    maxBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    limits: options.limits ?? DEFAULT_DOCUMENT_LIMITS,
    sources: createSourceMap(),
  };
  try {
    const read = await readSource(path, context);
    if (!read.assembly) return { issues: read.issues, sources: context.sources };
    const result = validate(read.assembly, options.keepInput ?? true);
    return { ...result, issues: [...read.issues, ...result.issues] };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      issues: [
        createLoadIssue('LOAD_FAILED', `the model could not be read: ${why}`, { file: basename(path) }),
      ],
      sources: context.sources,
    };
  }
}
