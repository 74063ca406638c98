/**
 * loadModel: a model folder, a single YAML/JSON file or an XLSX workbook → a validated Model, or
 * every issue found, each with its file and line. Bad input never throws.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Issue } from '../issues.js';
import { hasErrors } from '../issues.js';
import { z } from 'zod';
import { modelSchema, type Model } from '../model.js';
import { toDidYouMean } from '../suggest.js';
import { appendRows, createAssembly, toDocumentRows, type Assembly, type TableRows } from './assemble.js';
import { readCsvFile } from './csv.js';
import { DEFAULT_DOCUMENT_LIMITS, type DocumentLimits } from './document-limits.js';
import { createLoadIssue, describeValue } from './load-issue.js';
import { parseJsonText, parseYamlText, type ParsedDocument } from './parse-document.js';
import { checkFileToRead, DEFAULT_MAX_FILE_BYTES, readFileBytes, readTextFile } from './read-file.js';
import {
  createSourceMap,
  locateIssues,
  type RowLocator,
  type SourceMap,
  type SourceMapBuilder,
} from './source-map.js';
import { createTableReader, fromRawTable, locateInRow } from './table-read.js';
import type { Column } from './table-cells.js';
import { getTableSpec, TABLE_FILES, type TableFileName } from './table-specs.js';
import { readModelSheet } from './model-sheet.js';
import { fromWorksheet, readWorkbook } from './xlsx.js';
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

interface Context {
  maxBytes: number;
  limits: DocumentLimits;
  sources: SourceMapBuilder;
}

const MODEL_FILES = ['model.yaml', 'model.yml', 'model.json'];
const TABLE_EXTENSIONS = ['.yaml', '.yml', '.json', '.csv'];
const MODEL_EXTENSIONS = new Set([...TABLE_EXTENSIONS, '.xlsx']);

async function readDocument(absolutePath: string, file: string, context: Context): Promise<ParsedDocument> {
  const text = await readTextFile(absolutePath, file, context.maxBytes);
  if (!text.ok) return { value: undefined, issues: [text.issue], locate: () => ({}) };
  const options = { limits: context.limits };
  return extname(file).toLowerCase() === '.json'
    ? parseJsonText(text.value, file, options)
    : await parseYamlText(text.value, file, options);
}

function toRoot(value: unknown, file: string, issues: Issue[]): Record<string, unknown> | undefined {
  if (value === null || value === undefined) return {};
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  issues.push(
    createLoadIssue(
      'MODEL_NOT_MAPPING',
      `'${file}' must hold a mapping of fields (schemaVersion, name, horizon, …); found ${describeValue(value)}`,
      { file, line: 1, fix: "start the file with 'schemaVersion: 1'" },
    ),
  );
  return undefined;
}

async function readRoot(
  absolutePath: string,
  file: string,
  context: Context,
): Promise<{ assembly?: Assembly; issues: Issue[] }> {
  const doc = await readDocument(absolutePath, file, context);
  if (hasErrors(doc.issues)) return { issues: doc.issues };
  const issues: Issue[] = [...doc.issues];
  const root = toRoot(doc.value, file, issues);
  if (!root) return { issues };
  context.sources.add([], file, doc.locate);
  const assembly = createAssembly(root, context.sources);
  assembly.issues.push(...issues);
  return { assembly, issues: [] };
}

/**
 * Streams a CSV table into rows (`readCsvFile`): each record becomes a row as it is read, so a
 * 50 MB table never sits in memory as text, records and rows at once.
 */
async function readCsvTable(
  assembly: Assembly,
  table: TableFileName,
  absolutePath: string,
  file: string,
  context: Context,
): Promise<TableRows | undefined> {
  const checked = await checkFileToRead(absolutePath, file, context.maxBytes);
  if (!checked.ok) return fail(assembly, [checked.issue]);
  const spec = getTableSpec(table);
  let reader = createTableReader(spec, [], file);
  const rows: unknown[] = [];
  const lines: number[] = [];
  const columnsOf: Column[][] = []; // shared arrays: one per discriminator value, not per row
  const stopped = await readCsvFile(absolutePath, file, {
    header: (header) => {
      reader = createTableReader(spec, header, file);
    },
    row: (line, cells) => {
      const { row, columns } = reader.row(line, cells);
      rows.push(row);
      lines.push(line);
      columnsOf.push(columns);
    },
  });
  if (stopped.length > 0) return fail(assembly, stopped);
  const read = reader.finish();
  assembly.issues.push(...read.issues);
  for (const field of read.missing) assembly.missingColumns.add(`${file}\0${field}`);
  return { rows, locateRow: createTableLocator(lines, columnsOf) };
}

/**
 * Locates paths inside the rows of a table by row index. Made apart from the reading closures so
 * the source map keeps the lines and columns only, not the rows (a closure keeps its whole scope).
 */
function createTableLocator(lines: readonly number[], columnsOf: readonly (readonly Column[])[]): RowLocator {
  return (i, rest) => locateInRow(columnsOf[i] ?? [], lines[i] ?? 1, rest);
}

function fail(assembly: Assembly, issues: readonly Issue[]): undefined {
  assembly.issues.push(...issues);
  return undefined;
}

async function readTableFile(
  assembly: Assembly,
  table: TableFileName,
  folder: string,
  file: string,
  context: Context,
): Promise<void> {
  const absolutePath = join(folder, file);
  let rows: TableRows | undefined;
  if (extname(file) === '.csv') {
    rows = await readCsvTable(assembly, table, absolutePath, file, context);
  } else {
    const doc = await readDocument(absolutePath, file, context);
    assembly.issues.push(...doc.issues);
    rows = hasErrors(doc.issues) ? undefined : toDocumentRows(assembly, table, doc.value, file, doc.locate);
  }
  if (rows) appendRows(assembly, table, rows, file);
}

function pickOne(assembly: Assembly, candidates: readonly string[], what: string): string | undefined {
  if (candidates.length > 1) {
    const list = candidates.map((c) => `'${c}'`).join(' and ');
    assembly.issues.push(
      createLoadIssue('TABLE_SOURCE_CONFLICT', `${what} comes from both ${list}`, {
        file: candidates[1],
        fix: `keep one of ${list}; only '${candidates[0]}' was read`,
      }),
    );
  }
  return candidates[0];
}

/** Files that live beside a model and are read by other commands: `reeflow calibrate`'s table. */
const COMPANION_FILES: ReadonlySet<string> = new Set(['calibration.yaml']);

function checkUnknownFiles(assembly: Assembly, names: readonly string[], known: ReadonlySet<string>): void {
  const stems = ['model', ...TABLE_FILES];
  for (const name of names) {
    const ext = extname(name).toLowerCase();
    if (!MODEL_EXTENSIONS.has(ext) || known.has(name) || COMPANION_FILES.has(name)) continue;
    const stem = name.slice(0, name.length - ext.length);
    assembly.issues.push(
      createLoadIssue('FILE_UNKNOWN', `'${name}' is not a model file or a table and was not read`, {
        file: name,
        severity: 'warning',
        fix: toDidYouMean(stem, stems, 'tables'),
      }),
    );
  }
}

async function readFolder(
  folder: string,
  context: Context,
): Promise<{ assembly?: Assembly; issues: Issue[] }> {
  const names = (await readdir(folder)).sort();
  const present = new Set(names);
  const modelFiles = MODEL_FILES.filter((name) => present.has(name));
  if (modelFiles.length === 0) {
    const message = `folder '${basename(folder)}' has no model.yaml${names.length === 0 ? ' (it is empty)' : ''}`;
    return {
      issues: [
        createLoadIssue('MODEL_EMPTY', message, {
          file: basename(folder),
          fix: 'add a model.yaml with schemaVersion, name and horizon',
        }),
      ],
    };
  }
  const root = await readRoot(join(folder, modelFiles[0] ?? ''), modelFiles[0] ?? '', context);
  if (!root.assembly) return root;
  const assembly = root.assembly;
  pickOne(assembly, modelFiles, 'the model');
  const read = new Set(modelFiles);
  for (const table of TABLE_FILES) {
    const candidates = TABLE_EXTENSIONS.map((ext) => `${table}${ext}`).filter((name) => present.has(name));
    candidates.forEach((name) => read.add(name));
    const file = pickOne(assembly, candidates, `table '${table}'`);
    if (file) await readTableFile(assembly, table, folder, file, context);
  }
  checkUnknownFiles(assembly, names, read);
  return { assembly, issues: [] };
}

async function readXlsx(
  absolutePath: string,
  context: Context,
): Promise<{ assembly?: Assembly; issues: Issue[] }> {
  const book = basename(absolutePath);
  const bytes = await readFileBytes(absolutePath, book, context.maxBytes);
  if (!bytes.ok) return { issues: [bytes.issue] };
  const { workbook, issues } = await readWorkbook(bytes.value, book);
  if (!workbook) return { issues };
  const modelSheet = workbook.getWorksheet('model');
  if (!modelSheet)
    return {
      issues: [
        createLoadIssue('MODEL_EMPTY', `workbook '${book}' has no 'model' sheet`, {
          file: book,
          fix: "add a sheet 'model' with key/value rows: schemaVersion, name, horizon.start, horizon.periods",
        }),
      ],
    };
  const assembly = createAssembly({}, context.sources);
  readModelSheet(assembly, fromWorksheet(modelSheet, `${book}#model`));
  for (const table of TABLE_FILES) {
    const sheet = workbook.getWorksheet(table);
    if (!sheet) continue;
    const raw = fromWorksheet(sheet, `${book}#${table}`);
    const read = fromRawTable(getTableSpec(table), raw);
    assembly.issues.push(...read.issues);
    for (const field of read.missing) assembly.missingColumns.add(`${raw.file}\0${field}`);
    const locateRow = createTableLocator(
      read.rows.map(({ line }) => line),
      read.rows.map(({ columns }) => columns),
    );
    appendRows(assembly, table, { rows: read.rows.map(({ row }) => row), locateRow }, raw.file);
  }
  checkUnknownSheets(
    assembly,
    workbook.worksheets.map((sheet) => sheet.name),
    book,
  );
  return { assembly, issues: [] };
}

function checkUnknownSheets(assembly: Assembly, names: readonly string[], book: string): void {
  const known = ['model', ...TABLE_FILES];
  for (const name of names) {
    if (known.includes(name)) continue;
    assembly.issues.push(
      createLoadIssue('SHEET_UNKNOWN', `sheet '${name}' is not a table and was not read`, {
        file: `${book}#${name}`,
        severity: 'warning',
        fix: toDidYouMean(name, known, 'sheets'),
      }),
    );
  }
}

async function readSource(path: string, context: Context): Promise<{ assembly?: Assembly; issues: Issue[] }> {
  const file = basename(path);
  const info = await stat(path).catch(() => undefined);
  if (!info)
    return {
      issues: [
        createLoadIssue('FILE_NOT_FOUND', `no file or folder '${path}'`, { file, fix: 'check the path' }),
      ],
    };
  if (info.isDirectory()) return readFolder(path, context);
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx') return readXlsx(path, context);
  if (ext === '.yaml' || ext === '.yml' || ext === '.json') return readRoot(path, file, context);
  const fix =
    ext === '.csv'
      ? 'a CSV file holds one table; pass the model folder that contains it'
      : 'pass a model folder, a .yaml/.yml/.json file or an .xlsx workbook';
  return {
    issues: [
      createLoadIssue(
        'FILE_UNSUPPORTED',
        `cannot read a model from '${file}' (unsupported file type '${ext || 'none'}')`,
        { file, fix },
      ),
    ],
  };
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
  const context: Context = {
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
