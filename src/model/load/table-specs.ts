/** The column conventions of each table in CSV files and XLSX sheets, read from the model schema. */
import { z } from 'zod';
import { modelSchema, TABLES } from '../model.js';
import { processSchema } from '../components/process.js';
import { childSchema } from './schema-walk.js';
import type { TableSpec } from './table-cells.js';

/** Tables that may come from their own file or sheet: the components, plus processes and distributions. */
export const TABLE_FILES = [...TABLES, 'processes', 'distributions'] as const;
export type TableFileName = (typeof TABLE_FILES)[number];

function rowSchemaOf(table: string): z.ZodType {
  const list = childSchema(modelSchema, table);
  const row = list ? childSchema(list, 0) : undefined;
  if (!row) throw new Error(`no row schema for table '${table}'`);
  return row;
}

/** How the columns of a table are read: `getTableSpec('facilities')` maps `lat`/`lon` to `location`. */
export function getTableSpec(table: TableFileName): TableSpec {
  if (table === 'processes') return { name: table, rowSchema: processSchema, extra: { facility: 'text' } };
  if (table === 'distributions')
    return { name: table, rowSchema: z.record(z.string(), z.number()), extra: { id: 'text' } };
  if (table === 'facilities')
    return {
      name: table,
      rowSchema: rowSchemaOf(table),
      aliases: { lat: ['location', 0], lon: ['location', 1] },
    };
  return { name: table, rowSchema: rowSchemaOf(table) };
}

/** The key/value `model` sheet of a workbook: keys are dotted paths into the model (`horizon.start`). */
export const MODEL_SHEET_SPEC: TableSpec = { name: 'model', rowSchema: modelSchema };
