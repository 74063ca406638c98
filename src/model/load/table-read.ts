/**
 * A raw table (CSV file or XLSX sheet) → component rows, with issues for its header (unknown,
 * repeated or missing columns) and cells, and a locator from a field path to its row and column.
 */
import type { Issue, IssuePath } from '../issues.js';
import { toDidYouMean } from '../suggest.js';
import { createLoadIssue } from './load-issue.js';
import type { RawTable } from './csv.js';
import { discriminatorOf, fieldNames, requiredFieldNames } from './schema-walk.js';
import type { Locator } from './source-map.js';
import { fromCells, narrowSpec, resolveColumn, toHeaderText, type Cell, type Column, type TableSpec } from './table-cells.js';

export interface TableRow {
  row: Record<string, unknown>;
  line: number;
  /** The columns as this row reads them. */
  columns: Column[];
}

export interface ReadTable {
  rows: TableRow[];
  issues: Issue[];
  /** Fields required by the schema that no column gives (their per-row issues are redundant). */
  missing: string[];
}

function knownHeaders(spec: TableSpec): string[] {
  return [...fieldNames(spec.rowSchema), ...Object.keys(spec.aliases ?? {}), ...Object.keys(spec.extra ?? {})];
}

function resolveHeader(spec: TableSpec, raw: RawTable): { columns: Column[]; issues: Issue[] } {
  const columns: Column[] = [];
  const issues: Issue[] = [];
  const seen = new Set<string>();
  raw.header.forEach((header, i) => {
    const where = { file: raw.file, line: 1, column: i + 1 };
    if (header === '') {
      if (raw.rows.some((row) => row.cells[i] !== undefined && row.cells[i] !== '')) {
        issues.push(createLoadIssue('CSV_UNKNOWN_COLUMN', `column ${i + 1} has values but no name in the header`, { ...where, fix: 'name the column or delete it' }));
      }
      return;
    }
    if (seen.has(header)) {
      issues.push(createLoadIssue('CSV_DUPLICATE_COLUMN', `column '${header}' appears twice in the header`, { ...where, fix: 'keep one of them' }));
      return;
    }
    seen.add(header);
    const column = resolveColumn(spec, header, i + 1);
    if (column) columns.push(column);
    else issues.push(createLoadIssue('CSV_UNKNOWN_COLUMN', `unknown column '${header}' in a ${spec.name} table`, { ...where, fix: toDidYouMean(header.split('.')[0] ?? header, knownHeaders(spec), 'columns') }));
  });
  return { columns, issues };
}

function findMissing(spec: TableSpec, columns: readonly Column[], raw: RawTable): { missing: string[]; issues: Issue[] } {
  const given = new Set(columns.map((column) => String(column.path[0])));
  const required = [...requiredFieldNames(spec.rowSchema), ...Object.keys(spec.extra ?? {})];
  const missing = required.filter((field) => !given.has(field));
  const issues = missing.map((field) =>
    createLoadIssue('CSV_MISSING_COLUMN', `a ${spec.name} table needs a column '${field}'; the header has none`, { file: raw.file, line: 1, fix: `add a column '${field}'` }),
  );
  return { missing, issues };
}

/** Reads the rows of a table; `fromRawTable(routesSpec, raw).rows[0].row` is the first route as written. */
export function fromRawTable(spec: TableSpec, raw: RawTable): ReadTable {
  const header = resolveHeader(spec, raw);
  const required = findMissing(spec, header.columns, raw);
  const issues = [...header.issues, ...required.issues];
  const rows: TableRow[] = [];
  const columnsOf = createRowColumns(spec, header.columns);
  for (const { line, cells } of raw.rows) {
    if (cells.length > raw.header.length && cells.slice(raw.header.length).some((cell) => cell !== '' && cell !== undefined)) {
      issues.push(createLoadIssue('CSV_ROW_LENGTH', `row ${line} has ${cells.length} cells; the header has ${raw.header.length} columns`, { file: raw.file, line, fix: 'remove the extra cells or add a header for them' }));
    }
    const columns = columnsOf(cells);
    const built = fromCells(columns, cells, { file: raw.file, line });
    issues.push(...built.issues);
    rows.push({ row: built.row, line, columns });
  }
  return { rows, issues, missing: required.missing };
}

/**
 * The columns of each row: in a table of a discriminated union (policies) a column is read as the
 * field of the option the row's `kind` selects (`to` is one jurisdiction in a tariff, a list in an
 * export control).
 */
function createRowColumns(spec: TableSpec, columns: Column[]): (cells: readonly Cell[]) => Column[] {
  const discriminator = discriminatorOf(spec.rowSchema);
  const tagColumn = columns.find((column) => column.path.length === 1 && column.path[0] === discriminator);
  if (discriminator === undefined || tagColumn === undefined) return () => columns;
  const cache = new Map<string, Column[]>();
  return (cells) => {
    const cell = cells[tagColumn.index - 1];
    const tag = toHeaderText(cell);
    const cached = cache.get(tag);
    if (cached) return cached;
    const narrowed = narrowSpec(spec, { [discriminator]: tag });
    const resolved = columns.map((column) => resolveColumn(narrowed, column.header, column.index) ?? column);
    cache.set(tag, resolved);
    return resolved;
  };
}

function sharedPrefix(a: IssuePath, b: IssuePath): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** Locates a path inside one row: the row's line and the column that best covers the field. */
export function createRowLocator(columns: readonly Column[], line: number): Locator {
  return (rest) => {
    let best: Column | undefined;
    let bestLength = 0;
    for (const column of columns) {
      const length = sharedPrefix(column.path, rest);
      if (length > bestLength) {
        best = column;
        bestLength = length;
      }
    }
    return best ? { line, column: best.index } : { line };
  };
}
