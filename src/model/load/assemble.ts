/**
 * Merging table files into the model: rows of `<table>.yaml|json|csv` are appended to the rows
 * written inline in model.yaml, processes rows go to their facility, distributions rows are added
 * by id. Each row registers where it came from in the source map.
 */
import type { Issue } from '../issues.js';
import { toDidYouMean } from '../suggest.js';
import { createLoadIssue, describeValue } from './load-issue.js';
import type { Locator, RowLocator, SourceMapBuilder } from './source-map.js';
import type { TableFileName } from './table-specs.js';

/** The model being put together from its files. */
export interface Assembly {
  root: Record<string, unknown>;
  issues: Issue[];
  sources: SourceMapBuilder;
  /** `file\0field` pairs whose missing-field issues are already reported as a missing column. */
  missingColumns: Set<string>;
}

/** A row to merge, with a locator for paths inside it. */
export interface SourceRow {
  row: unknown;
  locate: Locator;
}

/** The rows of one table file, located by their index in it (one locator for the whole table). */
export interface TableRows {
  rows: readonly unknown[];
  locateRow: RowLocator;
}

export function createAssembly(root: Record<string, unknown>, sources: SourceMapBuilder): Assembly {
  return { root, issues: [], sources, missingColumns: new Set() };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listAt(
  assembly: Assembly,
  container: Record<string, unknown>,
  key: string,
  file: string,
  label: string,
): unknown[] | undefined {
  const existing = container[key];
  if (existing === undefined) {
    const created: unknown[] = [];
    container[key] = created;
    return created;
  }
  if (Array.isArray(existing)) return existing;
  assembly.issues.push(
    createLoadIssue(
      'TABLE_NOT_LIST',
      `cannot add the rows of '${file}': ${label} is ${describeValue(existing)}, not a list`,
      { fix: `write ${label} as a list, or move its rows to '${file}'` },
    ),
  );
  return undefined;
}

function appendComponents(
  assembly: Assembly,
  table: string,
  { rows, locateRow }: TableRows,
  file: string,
): void {
  const list = listAt(assembly, assembly.root, table, file, `'${table}'`);
  if (!list) return;
  assembly.sources.addRange([table], { start: list.length, count: rows.length }, file, locateRow);
  for (const row of rows) list.push(row);
}

function findFacility(assembly: Assembly, id: unknown): number {
  const facilities = assembly.root['facilities'];
  if (!Array.isArray(facilities)) return -1;
  return facilities.findIndex((facility) => isRecord(facility) && facility['id'] === id);
}

function facilityIds(assembly: Assembly): string[] {
  const facilities = assembly.root['facilities'];
  return Array.isArray(facilities)
    ? facilities.flatMap((f) => (isRecord(f) && typeof f['id'] === 'string' ? [f['id']] : []))
    : [];
}

function appendProcess(assembly: Assembly, source: SourceRow, file: string): void {
  const where = { file, ...source.locate(['facility']) };
  if (!isRecord(source.row)) {
    assembly.issues.push(
      createLoadIssue(
        'TABLE_ROW_INVALID',
        `a process must be a mapping of fields; found ${describeValue(source.row)}`,
        where,
      ),
    );
    return;
  }
  const { facility, ...process } = source.row;
  const index = findFacility(assembly, facility);
  if (typeof facility !== 'string' || index < 0) {
    const message =
      typeof facility === 'string'
        ? `process of unknown facility '${facility}'`
        : "a process row needs a 'facility' naming the facility it belongs to";
    const fix =
      typeof facility === 'string'
        ? toDidYouMean(facility, facilityIds(assembly), 'facilities')
        : "fill in 'facility'";
    assembly.issues.push(createLoadIssue('PROCESS_UNKNOWN_FACILITY', message, { ...where, fix }));
    return;
  }
  const target = (assembly.root['facilities'] as Record<string, unknown>[])[index] ?? {};
  const list = listAt(assembly, target, 'processes', file, `the processes of facility '${facility}'`);
  if (!list) return;
  assembly.sources.add(['facilities', index, 'processes', list.length], file, source.locate);
  list.push(process);
}

function appendDistribution(assembly: Assembly, id: unknown, source: SourceRow, file: string): void {
  const where = { file, ...source.locate([]) };
  if (typeof id !== 'string' || id === '') {
    assembly.issues.push(
      createLoadIssue('TABLE_ROW_INVALID', "a distribution row needs an 'id'", {
        ...where,
        fix: "fill in 'id'",
      }),
    );
    return;
  }
  const existing = assembly.root['distributions'] ?? {};
  if (!isRecord(existing)) return;
  assembly.root['distributions'] = existing;
  if (Object.hasOwn(existing, id)) {
    assembly.issues.push(
      createLoadIssue('DISTRIBUTION_CONFLICT', `distribution '${id}' is defined twice`, {
        ...where,
        fix: 'keep one definition',
      }),
    );
    return;
  }
  Object.defineProperty(existing, id, {
    value: source.row,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  assembly.sources.add(['distributions', id], file, source.locate);
}

/** Appends rows read from a table file (component rows, process rows with `facility`, or distribution rows with `id`). */
export function appendRows(assembly: Assembly, table: TableFileName, source: TableRows, file: string): void {
  const { rows, locateRow } = source;
  if (table === 'processes') {
    rows.forEach((row, i) => appendProcess(assembly, { row, locate: (rest) => locateRow(i, rest) }, file));
  } else if (table === 'distributions') {
    rows.forEach((row, i) => {
      const { id, ...rest } = isRecord(row) ? row : {};
      appendDistribution(assembly, id, { row: rest, locate: (path) => locateRow(i, path) }, file);
    });
  } else {
    appendComponents(assembly, table, source, file);
  }
}

/**
 * The rows of a table written as a YAML/JSON document: a list, a mapping `{ <table>: [...] }`, or
 * (for distributions) a mapping id → percentages. Undefined (with an issue) for anything else.
 */
export function toDocumentRows(
  assembly: Assembly,
  table: TableFileName,
  value: unknown,
  file: string,
  locate: Locator,
): TableRows | undefined {
  if (value === null || value === undefined) return { rows: [], locateRow: () => ({}) };
  const wrapped = isRecord(value) && Object.keys(value).length === 1 && Array.isArray(value[table]);
  const list = wrapped ? (value[table] as unknown[]) : value;
  const base = wrapped ? [table] : [];
  if (Array.isArray(list)) return { rows: list, locateRow: (i, rest) => locate([...base, i, ...rest]) };
  if (table === 'distributions' && isRecord(value)) {
    const entries = Object.entries(value);
    return {
      rows: entries.map(([id, row]) => (isRecord(row) ? { ...row, id } : row)),
      locateRow: (i, rest) => locate([entries[i]?.[0] ?? i, ...rest]),
    };
  }
  assembly.issues.push(
    createLoadIssue(
      'TABLE_FILE_INVALID',
      `'${file}' must hold a list of ${table}; found ${describeValue(value)}`,
      { file, line: 1, fix: `write the rows as a YAML list ('- id: …') or a JSON array` },
    ),
  );
  return undefined;
}
