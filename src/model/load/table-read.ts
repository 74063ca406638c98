/**
 * A raw table (CSV file or XLSX sheet) → component rows, with issues for its header (unknown,
 * repeated or missing columns) and cells, and a locator from a field path to its row and column.
 */
import type { Issue, IssuePath } from '../issues.js';
import { toDidYouMean } from '../suggest.js';
import { createLoadIssue } from './load-issue.js';
import type { RawTable } from './csv.js';
import { discriminatorOf, fieldNames, requiredFieldNames } from './schema-walk.js';
import {
  fromCells,
  narrowSpec,
  resolveColumn,
  toHeaderText,
  type Cell,
  type Column,
  type TableSpec,
} from './table-cells.js';

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
  return [
    ...fieldNames(spec.rowSchema),
    ...Object.keys(spec.aliases ?? {}),
    ...Object.keys(spec.extra ?? {}),
  ];
}

/** A header issue, or a column without a name whose issue depends on whether any row fills it. */
type HeaderEntry = Issue | { unnamedColumn: number };

function resolveHeader(
  spec: TableSpec,
  header: readonly string[],
  file: string,
): { columns: Column[]; entries: HeaderEntry[] } {
  const columns: Column[] = [];
  const entries: HeaderEntry[] = [];
  const seen = new Set<string>();
  header.forEach((text, i) => {
    const where = { file, line: 1, column: i + 1 };
    if (text === '') {
      entries.push({ unnamedColumn: i });
      return;
    }
    if (seen.has(text)) {
      entries.push(
        createLoadIssue('CSV_DUPLICATE_COLUMN', `column '${text}' appears twice in the header`, {
          ...where,
          fix: 'keep one of them',
        }),
      );
      return;
    }
    seen.add(text);
    const column = resolveColumn(spec, text, i + 1);
    if (column) columns.push(column);
    else
      entries.push(
        createLoadIssue('CSV_UNKNOWN_COLUMN', `unknown column '${text}' in a ${spec.name} table`, {
          ...where,
          fix: toDidYouMean(text.split('.')[0] ?? text, knownHeaders(spec), 'columns'),
        }),
      );
  });
  return { columns, entries };
}

function findMissing(
  spec: TableSpec,
  columns: readonly Column[],
  file: string,
): { missing: string[]; issues: Issue[] } {
  const given = new Set(columns.map((column) => String(column.path[0])));
  const required = [...requiredFieldNames(spec.rowSchema), ...Object.keys(spec.extra ?? {})];
  const missing = required.filter((field) => !given.has(field));
  const issues = missing.map((field) =>
    createLoadIssue(
      'CSV_MISSING_COLUMN',
      `a ${spec.name} table needs a column '${field}'; the header has none`,
      { file, line: 1, fix: `add a column '${field}'` },
    ),
  );
  return { missing, issues };
}

/** Reads a table one row at a time (a streamed CSV file): `row` builds each row, `finish` gives the issues. */
export interface TableReader {
  row(line: number, cells: readonly Cell[]): TableRow;
  /** The header's issues, then each row's, in order; and the required fields no column gives. */
  finish(): { issues: Issue[]; missing: string[] };
}

/** A reader of the rows under `header`; `createTableReader(routesSpec, header, 'routes.csv').row(2, cells).row` is the first route. */
export function createTableReader(spec: TableSpec, header: readonly string[], file: string): TableReader {
  const resolved = resolveHeader(spec, header, file);
  const required = findMissing(spec, resolved.columns, file);
  const columnsOf = createRowColumns(spec, resolved.columns);
  const rowIssues: Issue[] = [];
  const filledUnnamed = new Set<number>();
  const unnamed = resolved.entries.flatMap((entry) =>
    'unnamedColumn' in entry ? [entry.unnamedColumn] : [],
  );
  return {
    row(line, cells) {
      for (const i of unnamed) if (cells[i] !== undefined && cells[i] !== '') filledUnnamed.add(i);
      if (
        cells.length > header.length &&
        cells.slice(header.length).some((cell) => cell !== '' && cell !== undefined)
      ) {
        rowIssues.push(
          createLoadIssue(
            'CSV_ROW_LENGTH',
            `row ${line} has ${cells.length} cells; the header has ${header.length} columns`,
            { file, line, fix: 'remove the extra cells or add a header for them' },
          ),
        );
      }
      const columns = columnsOf(cells);
      const built = fromCells(columns, cells, { file, line });
      rowIssues.push(...built.issues);
      return { row: built.row, line, columns };
    },
    finish() {
      const headerIssues = resolved.entries.flatMap((entry) => {
        if (!('unnamedColumn' in entry)) return [entry];
        const i = entry.unnamedColumn;
        return filledUnnamed.has(i)
          ? [
              createLoadIssue('CSV_UNKNOWN_COLUMN', `column ${i + 1} has values but no name in the header`, {
                file,
                line: 1,
                column: i + 1,
                fix: 'name the column or delete it',
              }),
            ]
          : [];
      });
      return { issues: [...headerIssues, ...required.issues, ...rowIssues], missing: required.missing };
    },
  };
}

/** Reads the rows of a table; `fromRawTable(routesSpec, raw).rows[0].row` is the first route as written. */
export function fromRawTable(spec: TableSpec, raw: RawTable): ReadTable {
  const reader = createTableReader(spec, raw.header, raw.file);
  const rows = raw.rows.map(({ line, cells }) => reader.row(line, cells));
  return { rows, ...reader.finish() };
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

/** Where a path inside one row is: the row's line and the column that best covers the field. */
export function locateInRow(
  columns: readonly Column[],
  line: number,
  rest: IssuePath,
): { line: number; column?: number } {
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
}
