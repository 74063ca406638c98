/**
 * Merging table files into the model: rows of `<table>.yaml|json|csv` are appended to the rows
 * written inline in model.yaml, processes rows go to their facility, distributions rows are added
 * by id. Each row registers where it came from in the source map.
 */
import type { Issue } from '../issues.js';
import { toDidYouMean } from '../suggest.js';
import { createLoadIssue, describeValue } from './load-issue.js';
import type { Locator, SourceMapBuilder } from './source-map.js';
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

export function createAssembly(root: Record<string, unknown>, sources: SourceMapBuilder): Assembly {
  return { root, issues: [], sources, missingColumns: new Set() };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listAt(assembly: Assembly, container: Record<string, unknown>, key: string, file: string, label: string): unknown[] | undefined {
  const existing = container[key];
  if (existing === undefined) {
    const created: unknown[] = [];
    container[key] = created;
    return created;
  }
  if (Array.isArray(existing)) return existing;
  assembly.issues.push(createLoadIssue('TABLE_NOT_LIST', `cannot add the rows of '${file}': ${label} is ${describeValue(existing)}, not a list`, { fix: `write ${label} as a list, or move its rows to '${file}'` }));
  return undefined;
}

function appendComponents(assembly: Assembly, table: string, rows: readonly SourceRow[], file: string): void {
  const list = listAt(assembly, assembly.root, table, file, `'${table}'`);
  if (!list) return;
  for (const { row, locate } of rows) {
    assembly.sources.add([table, list.length], file, locate);
    list.push(row);
  }
}

function findFacility(assembly: Assembly, id: unknown): number {
  const facilities = assembly.root['facilities'];
  if (!Array.isArray(facilities)) return -1;
  return facilities.findIndex((facility) => isRecord(facility) && facility['id'] === id);
}

function facilityIds(assembly: Assembly): string[] {
  const facilities = assembly.root['facilities'];
  return Array.isArray(facilities) ? facilities.flatMap((f) => (isRecord(f) && typeof f['id'] === 'string' ? [f['id']] : [])) : [];
}

function appendProcess(assembly: Assembly, source: SourceRow, file: string): void {
  const where = { file, ...source.locate(['facility']) };
  if (!isRecord(source.row)) {
    assembly.issues.push(createLoadIssue('TABLE_ROW_INVALID', `a process must be a mapping of fields; found ${describeValue(source.row)}`, where));
    return;
  }
  const { facility, ...process } = source.row;
  const index = findFacility(assembly, facility);
  if (typeof facility !== 'string' || index < 0) {
    const message = typeof facility === 'string' ? `process of unknown facility '${facility}'` : "a process row needs a 'facility' naming the facility it belongs to";
    const fix = typeof facility === 'string' ? toDidYouMean(facility, facilityIds(assembly), 'facilities') : "fill in 'facility'";
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
    assembly.issues.push(createLoadIssue('TABLE_ROW_INVALID', "a distribution row needs an 'id'", { ...where, fix: "fill in 'id'" }));
    return;
  }
  const existing = assembly.root['distributions'] ?? {};
  if (!isRecord(existing)) return;
  assembly.root['distributions'] = existing;
  if (Object.hasOwn(existing, id)) {
    assembly.issues.push(createLoadIssue('DISTRIBUTION_CONFLICT', `distribution '${id}' is defined twice`, { ...where, fix: 'keep one definition' }));
    return;
  }
  Object.defineProperty(existing, id, { value: source.row, enumerable: true, writable: true, configurable: true });
  assembly.sources.add(['distributions', id], file, source.locate);
}

/** Appends rows read from a table file (component rows, process rows with `facility`, or distribution rows with `id`). */
export function appendRows(assembly: Assembly, table: TableFileName, rows: readonly SourceRow[], file: string): void {
  if (table === 'processes') {
    for (const row of rows) appendProcess(assembly, row, file);
  } else if (table === 'distributions') {
    for (const { row, locate } of rows) {
      const { id, ...rest } = isRecord(row) ? row : {};
      appendDistribution(assembly, id, { row: rest, locate }, file);
    }
  } else {
    appendComponents(assembly, table, rows, file);
  }
}

/**
 * The rows of a table written as a YAML/JSON document: a list, a mapping `{ <table>: [...] }`, or
 * (for distributions) a mapping id → percentages. Undefined (with an issue) for anything else.
 */
export function toDocumentRows(assembly: Assembly, table: TableFileName, value: unknown, file: string, locate: Locator): SourceRow[] | undefined {
  if (value === null || value === undefined) return [];
  const wrapped = isRecord(value) && Object.keys(value).length === 1 && Array.isArray(value[table]);
  const list = wrapped ? (value[table] as unknown[]) : value;
  const base = wrapped ? [table] : [];
  if (Array.isArray(list)) return list.map((row, i) => ({ row, locate: (rest) => locate([...base, i, ...rest]) }));
  if (table === 'distributions' && isRecord(value)) {
    return Object.entries(value).map(([id, row]) => ({ row: isRecord(row) ? { ...row, id } : row, locate: (rest) => locate([id, ...rest]) }));
  }
  assembly.issues.push(createLoadIssue('TABLE_FILE_INVALID', `'${file}' must hold a list of ${table}; found ${describeValue(value)}`, { file, line: 1, fix: `write the rows as a YAML list ('- id: …') or a JSON array` }));
  return undefined;
}
