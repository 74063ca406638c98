/**
 * Tables of cells (CSV files, XLSX sheets) ↔ component rows. The header names fields by dotted
 * paths (`location.0`, `elements.Nd`, `inputs.bayan-concentrate`, `release.rate`); after a record
 * field the rest of the header is one key, so ids with dots stay whole. The schema decides how a
 * cell is read: numbers where it expects a number, text kept where a unit string is allowed
 * (`360000/yr`), `;`-separated lists, and YAML/JSON text for anything nested deeper.
 */
import { isDeepStrictEqual } from 'node:util';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import type { Issue } from '../issues.js';
import { createLoadIssue, describeValue } from './load-issue.js';
import { cellKindOf, childSchema, listItemKind, narrowSchema, typeOf, type CellKind } from './schema-walk.js';

/** A cell as read: text, a typed spreadsheet value, `{ quoted }` for a quoted CSV cell, or undefined when empty. */
export type Cell = string | number | boolean | { quoted: string } | undefined;

/** The text of a header, key or tag cell, trimmed. */
export function toHeaderText(cell: Cell): string {
  if (cell === undefined) return '';
  return (typeof cell === 'object' ? cell.quoted : String(cell)).trim();
}

/** A column of a table: its header, the path it fills in a row, and how its cells are read. */
export interface Column {
  header: string;
  /** 1-based position in the header row. */
  index: number;
  path: (string | number)[];
  kind: CellKind;
  itemKind: CellKind;
}

/** How the columns of one table are named and read. */
export interface TableSpec {
  /** Table name as in TABLES, or 'processes' / 'distributions'. */
  name: string;
  rowSchema: z.ZodType;
  /** Header → field path, e.g. `lat` → `['location', 0]` for facilities. */
  aliases?: Record<string, (string | number)[]>;
  /** Columns that are not fields of the row (e.g. `facility` in processes). */
  extra?: Record<string, CellKind>;
}

const NUMBER_TEXT = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function walkHeader(
  schema: z.ZodType,
  parts: string[],
): { path: (string | number)[]; schema: z.ZodType } | undefined {
  const path: (string | number)[] = [];
  let current = schema;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    const type = typeOf(current);
    const key: string | number =
      type === 'record' ? parts.slice(i).join('.') : type === 'tuple' ? Number(part) : part;
    if (key === '' || UNSAFE_KEYS.has(String(key)) || (type === 'tuple' && !Number.isInteger(key)))
      return undefined;
    const child = childSchema(current, key);
    if (!child) return undefined;
    path.push(key);
    current = child;
    if (type === 'record') break;
  }
  return { path, schema: current };
}

/** Resolves a header to a column, or undefined when the table has no such field. */
export function resolveColumn(spec: TableSpec, header: string, index: number): Column | undefined {
  const extra = spec.extra?.[header];
  if (extra) return { header, index, path: [header], kind: extra, itemKind: 'text' };
  const alias = spec.aliases?.[header];
  const walked = walkHeader(spec.rowSchema, alias ? alias.map(String) : header.split('.'));
  if (!walked) return undefined;
  const path = alias ?? walked.path;
  return { header, index, path, kind: cellKindOf(walked.schema), itemKind: listItemKind(walked.schema) };
}

type Converted = { ok: true; value: unknown } | { ok: false; expected: string };

function fromText(kind: CellKind, text: string, itemKind: CellKind): Converted {
  const trimmed = text.trim();
  switch (kind) {
    case 'text':
      return { ok: true, value: text };
    case 'number':
      return NUMBER_TEXT.test(trimmed)
        ? { ok: true, value: Number(trimmed) }
        : { ok: false, expected: 'a number' };
    case 'quantity':
      return { ok: true, value: NUMBER_TEXT.test(trimmed) ? Number(trimmed) : text };
    case 'boolean':
      return /^(true|yes|1)$/i.test(trimmed)
        ? { ok: true, value: true }
        : /^(false|no|0)$/i.test(trimmed)
          ? { ok: true, value: false }
          : { ok: false, expected: 'true or false' };
    case 'list':
    case 'text-or-list':
      return fromListText(kind, text, itemKind);
    case 'structured':
      return fromStructuredText(text);
  }
}

function fromListText(kind: CellKind, text: string, itemKind: CellKind): Converted {
  const parts = text
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (kind === 'text-or-list' && parts.length === 1 && !text.includes(';'))
    return { ok: true, value: parts[0] };
  const items: unknown[] = [];
  for (const part of parts) {
    const item = fromText(itemKind === 'list' ? 'text' : itemKind, part, 'text');
    if (!item.ok)
      return { ok: false, expected: `a list of ${item.expected.replace(/^a /, '')}s separated by ';'` };
    items.push(item.value);
  }
  return { ok: true, value: items };
}

function fromStructuredText(text: string): Converted {
  try {
    return { ok: true, value: parseYaml(text, { maxAliasCount: 100 }) as unknown };
  } catch {
    return {
      ok: false,
      expected: "YAML or JSON text, e.g. '{ jurisdiction: CN, stage: mining }' or '[a, b]'",
    };
  }
}

/** Reads one cell as the column's kind; quoted CSV cells and spreadsheet numbers keep their type where they can. */
export function fromCell(column: Column, cell: Cell): Converted {
  if (typeof cell === 'object')
    return column.kind === 'text'
      ? { ok: true, value: cell.quoted }
      : fromText(column.kind, cell.quoted, column.itemKind);
  if (typeof cell === 'number') {
    if (column.kind === 'number' || column.kind === 'quantity') return { ok: true, value: cell };
    if (column.kind === 'list')
      return { ok: true, value: [column.itemKind === 'text' ? String(cell) : cell] };
    return fromText(column.kind, String(cell), column.itemKind);
  }
  if (typeof cell === 'boolean')
    return column.kind === 'boolean' || column.kind === 'structured'
      ? { ok: true, value: cell }
      : fromText(column.kind, String(cell), column.itemKind);
  return fromText(column.kind, cell ?? '', column.itemKind);
}

function isContainer(value: unknown): value is Record<string | number, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Sets `value` at `path` inside `row`, creating objects and arrays; false when a cell already set a plain value there. */
export function setAt(
  row: Record<string, unknown>,
  path: readonly (string | number)[],
  value: unknown,
): boolean {
  let node: Record<string | number, unknown> = row;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i] ?? '';
    const next = node[key];
    if (next === undefined) {
      const created = typeof path[i + 1] === 'number' ? [] : {};
      Object.defineProperty(node, key, {
        value: created,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      node = created as Record<string | number, unknown>;
    } else if (isContainer(next)) {
      node = next;
    } else {
      return false;
    }
  }
  const last = path[path.length - 1] ?? '';
  if (node[last] !== undefined) return false;
  Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
  return true;
}

/** Where a cell is, for issues: the file, the row (header = 1) and the column. */
export interface CellPlace {
  file: string;
  line: number;
}

/** Builds one row from its cells; cells that cannot be read become `CSV_INVALID_VALUE` issues naming row and column. */
export function fromCells(
  columns: readonly Column[],
  cells: readonly Cell[],
  place: CellPlace,
): { row: Record<string, unknown>; issues: Issue[] } {
  const row: Record<string, unknown> = {};
  const issues: Issue[] = [];
  const ordered = [...columns].sort((a, b) => a.path.length - b.path.length);
  for (const column of ordered) {
    const cell = cells[column.index - 1];
    if (
      cell === undefined ||
      cell === '' ||
      (typeof cell === 'object' && cell.quoted === '' && column.kind !== 'text')
    )
      continue;
    const converted = fromCell(column, cell);
    const where = { file: place.file, line: place.line, column: column.index };
    if (!converted.ok) {
      const found = describeValue(typeof cell === 'object' ? cell.quoted : cell);
      issues.push(
        createLoadIssue(
          'CSV_INVALID_VALUE',
          `column '${column.header}' expects ${converted.expected}; found ${found}`,
          { ...where, fix: `write ${converted.expected} in column '${column.header}'` },
        ),
      );
    } else if (!setAt(row, column.path, converted.value)) {
      issues.push(
        createLoadIssue(
          'CSV_COLUMN_CONFLICT',
          `column '${column.header}' sets a field another column of this row already set`,
          { ...where, fix: `keep only one of the columns for '${column.path.join('.')}'` },
        ),
      );
    }
  }
  return { row, issues };
}

/** A cell as written: typed for spreadsheets, text (with quoting decided later) for CSV. */
export type OutCell = string | number | boolean;

function toCell(kind: CellKind, value: unknown): OutCell {
  if (kind === 'structured') return JSON.stringify(value);
  if (Array.isArray(value)) return value.map(String).join(';');
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  return JSON.stringify(value);
}

function flattenValue(schema: z.ZodType, value: unknown, header: string, out: Map<string, OutCell>): void {
  if (value === undefined) return;
  const type = typeOf(schema);
  const nested = (type === 'object' || type === 'record' || type === 'tuple') && isContainer(value);
  if (!nested) {
    out.set(header, toCell(cellKindOf(schema), value));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const child = childSchema(schema, type === 'tuple' ? Number(key) : key, value);
    if (child) flattenValue(child, item, `${header}.${key}`, out);
  }
}

/**
 * The cells of one row, a column per leaf field (`release.rate`, `elements.Nd`); a field whose
 * cells would not read back as the same value is written whole as JSON in one column.
 */
export function toCells(tableSpec: TableSpec, row: Record<string, unknown>): Map<string, OutCell> {
  const out = new Map<string, OutCell>();
  const spec = narrowSpec(tableSpec, row);
  const headerOf = createAliasLookup(spec);
  for (const [field, value] of Object.entries(row)) {
    if (spec.extra?.[field] !== undefined && value !== undefined) {
      out.set(field, toCell(spec.extra[field], value));
      continue;
    }
    const schema = childSchema(spec.rowSchema, field, row);
    if (!schema || value === undefined) continue;
    const cells = new Map<string, OutCell>();
    flattenValue(schema, value, field, cells);
    const renamed = new Map([...cells].map(([header, cell]) => [headerOf(header), cell] as const));
    const safe = readsBack(spec, field, schema, value, renamed)
      ? renamed
      : new Map([[field, toCell('structured', value)]]);
    for (const [header, cell] of safe) out.set(header, cell);
  }
  return out;
}

/** The spec of one row: for a table of a discriminated union (policies), the option the row's kind selects. */
export function narrowSpec(spec: TableSpec, row: Record<string, unknown>): TableSpec {
  const rowSchema = narrowSchema(spec.rowSchema, row);
  return rowSchema === spec.rowSchema ? spec : { ...spec, rowSchema };
}

function createAliasLookup(spec: TableSpec): (header: string) => string {
  const byPath = new Map(Object.entries(spec.aliases ?? {}).map(([alias, path]) => [path.join('.'), alias]));
  return (header) => byPath.get(header) ?? header;
}

function readsBack(
  spec: TableSpec,
  field: string,
  schema: z.ZodType,
  value: unknown,
  cells: Map<string, OutCell>,
): boolean {
  const columns: Column[] = [];
  const values: Cell[] = [];
  for (const [header, cell] of cells) {
    const column = resolveColumn(spec, header, columns.length + 1);
    if (!column) return false;
    columns.push(column);
    values.push(typeof cell === 'string' ? { quoted: cell } : cell);
  }
  const { row, issues } = fromCells(columns, values, { file: '', line: 0 });
  if (issues.length > 0) return false;
  const parsed = schema.safeParse(row[field]);
  const expected = schema.safeParse(value);
  return parsed.success && expected.success && isDeepStrictEqual(parsed.data, expected.data);
}
