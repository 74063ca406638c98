/**
 * writeModel: a Model → one YAML or JSON file, a folder (model.yaml, CSV for the flat tables,
 * YAML for the rest) or an XLSX workbook, such that loading what was written gives the same Model.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import ExcelJS from 'exceljs';
import { stringify as toYamlText } from 'yaml';
import { TABLES, type Model, type TableName } from '../model.js';
import { parseCsvText, toCsvText } from './csv.js';
import { MODEL_SHEET_SPEC, getTableSpec, type TableFileName } from './table-specs.js';
import { toCells, type OutCell, type TableSpec } from './table-cells.js';
import { fromRawTable } from './table-read.js';
import { addSheet } from './xlsx.js';

export type ModelFormat = 'yaml' | 'json' | 'folder' | 'xlsx';

export interface WriteOptions {
  format: ModelFormat;
}

/** Tables written as CSV in a model folder; the others are YAML. */
export const CSV_TABLES: readonly TableName[] = [
  'jurisdictions',
  'materials',
  'routes',
  'demands',
  'sinks',
  'stockpiles',
];

/** Repeated objects are written out again, not as YAML aliases, so each file reads on its own. */
const YAML_OPTIONS = { aliasDuplicateObjects: false, lineWidth: 0 };
const HEAD_FIELDS = ['schemaVersion', 'name', 'description', 'horizon', 'settings'] as const;

function headOf(model: Model): Record<string, unknown> {
  const head: Record<string, unknown> = {};
  for (const field of HEAD_FIELDS) if (model[field] !== undefined) head[field] = model[field];
  return head;
}

function toTable(
  spec: TableSpec,
  rows: readonly Record<string, unknown>[],
): { header: string[]; cells: Map<string, OutCell>[] } {
  const cells = rows.map((row) => toCells(spec, row));
  const header: string[] = [];
  for (const row of cells) for (const key of row.keys()) if (!header.includes(key)) header.push(key);
  return { header, cells };
}

function withoutProcesses(model: Model): Record<string, unknown>[] {
  return model.facilities.map(({ processes: _processes, ...facility }) => facility);
}

function processRows(model: Model): Record<string, unknown>[] {
  return model.facilities.flatMap((facility) =>
    facility.processes.map((process) => ({ facility: facility.id, ...process })),
  );
}

function distributionRows(model: Model): Record<string, unknown>[] {
  return Object.entries(model.distributions).map(([id, shares]) => ({ id, ...shares }));
}

/** The CSV text of a table, or undefined when some row would not read back exactly (it is then written as YAML). */
function toExactCsv(table: TableFileName, rows: readonly Record<string, unknown>[]): string | undefined {
  const spec = getTableSpec(table);
  const { header, cells } = toTable(spec, rows);
  const text = toCsvText(header, cells);
  const parsed = parseCsvText(text, `${table}.csv`);
  if (!parsed.table) return undefined;
  const read = fromRawTable(spec, parsed.table);
  if (read.issues.length > 0) return undefined;
  const same = read.rows.every(({ row }, i) => {
    const result = spec.rowSchema.safeParse(row);
    return result.success && isDeepStrictEqual(result.data, rows[i]);
  });
  return same ? text : undefined;
}

async function clearModelFiles(folder: string): Promise<void> {
  const stems = ['model', ...TABLES, 'processes', 'distributions'];
  const names = stems.flatMap((stem) => ['.yaml', '.yml', '.json', '.csv'].map((ext) => `${stem}${ext}`));
  await Promise.all(names.map((name) => rm(join(folder, name), { force: true })));
}

async function writeFolder(model: Model, folder: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  await clearModelFiles(folder);
  const head = { ...headOf(model), distributions: model.distributions };
  await writeFile(join(folder, 'model.yaml'), toYamlText(head, YAML_OPTIONS));
  for (const table of TABLES) {
    const rows = model[table] as unknown as Record<string, unknown>[];
    if (rows.length === 0) continue;
    const csv = CSV_TABLES.includes(table) ? toExactCsv(table, rows) : undefined;
    if (csv !== undefined) await writeFile(join(folder, `${table}.csv`), csv);
    else await writeFile(join(folder, `${table}.yaml`), toYamlText(rows, YAML_OPTIONS));
  }
}

function addTableSheet(
  workbook: ExcelJS.Workbook,
  table: TableFileName,
  rows: readonly Record<string, unknown>[],
): void {
  if (rows.length === 0) return;
  const { header, cells } = toTable(getTableSpec(table), rows);
  addSheet(workbook, table, header, cells);
}

async function writeWorkbook(model: Model, path: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const head = toCells(MODEL_SHEET_SPEC, headOf(model));
  addSheet(
    workbook,
    'model',
    ['key', 'value'],
    [...head].map(
      ([key, value]) =>
        new Map<string, OutCell>([
          ['key', key],
          ['value', value],
        ]),
    ),
  );
  addTableSheet(workbook, 'distributions', distributionRows(model));
  for (const table of TABLES) {
    const rows =
      table === 'facilities'
        ? withoutProcesses(model)
        : (model[table] as unknown as Record<string, unknown>[]);
    addTableSheet(workbook, table, rows);
    if (table === 'facilities') addTableSheet(workbook, 'processes', processRows(model));
  }
  await workbook.xlsx.writeFile(path);
}

/**
 * Writes a model so that `loadModel` reads back the same Model: `format` 'yaml' or 'json' writes
 * one file at `path`, 'folder' a model folder, 'xlsx' a workbook.
 *
 * @example
 * await writeModel(model, 'out/two-base', { format: 'folder' });
 */
export async function writeModel(model: Model, path: string, options: WriteOptions): Promise<void> {
  switch (options.format) {
    case 'yaml':
      return writeFile(path, toYamlText(model, YAML_OPTIONS));
    case 'json':
      return writeFile(path, `${JSON.stringify(model, null, 2)}\n`);
    case 'folder':
      return writeFolder(model, path);
    case 'xlsx':
      return writeWorkbook(model, path);
  }
}
