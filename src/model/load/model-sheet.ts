/**
 * The `model` sheet of a workbook: one key/value row per field, keys as dotted paths into the
 * model (`name`, `horizon.start`, `settings.discountRate`); an optional `key | value` header row.
 */
import { toDidYouMean } from '../suggest.js';
import type { Assembly } from './assemble.js';
import type { RawTable } from './csv.js';
import { createLoadIssue } from './load-issue.js';
import { fieldNames } from './schema-walk.js';
import { fromCells, resolveColumn, toHeaderText } from './table-cells.js';
import { MODEL_SHEET_SPEC } from './table-specs.js';

/** Reads the key/value rows into the assembly's root and registers each key's row in the source map. */
export function readModelSheet(assembly: Assembly, raw: RawTable): void {
  assembly.sources.add([], raw.file);
  const rows =
    raw.header[0]?.toLowerCase() === 'key' ? raw.rows : [{ line: 1, cells: raw.header }, ...raw.rows];
  for (const { line, cells } of rows) {
    const key = toHeaderText(cells[0]);
    if (key === '') continue;
    const column = resolveColumn(MODEL_SHEET_SPEC, key, 2);
    if (!column) {
      const fix = toDidYouMean(key.split('.')[0] ?? key, fieldNames(MODEL_SHEET_SPEC.rowSchema), 'fields');
      assembly.issues.push(
        createLoadIssue('SCHEMA_UNKNOWN_FIELD', `unknown key '${key}' in the model sheet`, {
          file: raw.file,
          line,
          column: 1,
          fix,
        }),
      );
      continue;
    }
    const built = fromCells([column], [undefined, cells[1]], { file: raw.file, line });
    assembly.issues.push(...built.issues);
    mergeInto(assembly, built.row, key, { file: raw.file, line });
    assembly.sources.add(column.path, raw.file, () => ({ line, column: 2 }));
  }
}

function mergeInto(
  assembly: Assembly,
  row: Record<string, unknown>,
  key: string,
  where: { file: string; line: number },
): void {
  const conflict = mergeValue(assembly.root, row);
  if (conflict)
    assembly.issues.push(
      createLoadIssue('CSV_COLUMN_CONFLICT', `key '${key}' sets a field another row already set`, {
        ...where,
        column: 1,
        fix: 'keep one of the rows',
      }),
    );
}

function mergeValue(target: Record<string, unknown>, source: Record<string, unknown>): boolean {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (existing === undefined) {
      Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
    } else if (isMergeable(existing) && isMergeable(value)) {
      if (mergeValue(existing, value)) return true;
    } else {
      return true;
    }
  }
  return false;
}

function isMergeable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
