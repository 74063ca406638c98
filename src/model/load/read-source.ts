/**
 * Reading a model's sources: a folder (model.yaml plus table files), one YAML/JSON file or an XLSX
 * workbook, into one assembly of rows with a source map; every problem met is an issue.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Issue } from '../issues.js';
import { hasErrors } from '../issues.js';
import { toDidYouMean } from '../suggest.js';
import { appendRows, createAssembly, toDocumentRows, type Assembly, type TableRows } from './assemble.js';
import { readCsvFile } from './csv.js';
import type { DocumentLimits } from './document-limits.js';
import { createLoadIssue, describeValue } from './load-issue.js';
import { parseJsonText, parseYamlText, type ParsedDocument } from './parse-document.js';
import { checkFileToRead, readFileBytes, readTextFile } from './read-file.js';
import type { RowLocator, SourceMapBuilder } from './source-map.js';
import { createTableReader, fromRawTable, locateInRow } from './table-read.js';
import type { Column } from './table-cells.js';
import { getTableSpec, TABLE_FILES, type TableFileName } from './table-specs.js';
import { readModelSheet } from './model-sheet.js';
import { fromWorksheet, readWorkbook } from './xlsx.js';

/** What reading keeps across files: the byte and document limits and the source map. */
export interface ReadContext {
  maxBytes: number;
  limits: DocumentLimits;
  sources: SourceMapBuilder;
}

const MODEL_FILES = ['model.yaml', 'model.yml', 'model.json'];
const TABLE_EXTENSIONS = ['.yaml', '.yml', '.json', '.csv'];
const MODEL_EXTENSIONS = new Set([...TABLE_EXTENSIONS, '.xlsx']);

async function readDocument(
  absolutePath: string,
  file: string,
  context: ReadContext,
): Promise<ParsedDocument> {
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
  context: ReadContext,
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
  context: ReadContext,
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
  context: ReadContext,
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
  context: ReadContext,
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
  context: ReadContext,
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

/** Reads a model folder, file or workbook into one assembly of rows, with the issues met on the way. */
export async function readSource(
  path: string,
  context: ReadContext,
): Promise<{ assembly?: Assembly; issues: Issue[] }> {
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
