/**
 * XLSX workbooks ↔ raw tables. A sheet per table with the same columns as its CSV file, a key/value
 * `model` sheet and a `distributions` sheet. Typed cells keep their type (numbers stay numbers,
 * text stays text, exactly as typed); a date cell a spreadsheet made from `2026-01` reads back as `2026-01`.
 */
import ExcelJS from 'exceljs';
import type { Issue } from '../issues.js';
import type { RawTable } from './csv.js';
import { createLoadIssue } from './load-issue.js';
import { toHeaderText, type Cell, type OutCell } from './table-cells.js';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function fromDate(date: Date): string {
  const month = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}`;
  const isMonth = date.getUTCDate() === 1 && date.getUTCHours() === 0 && date.getUTCMinutes() === 0;
  return isMonth ? month : `${month}-${pad(date.getUTCDate())}`;
}

/** One spreadsheet value as a cell: rich text and hyperlinks as their text, formulas as their result. */
export function fromExcelValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return { quoted: value };
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return fromDate(value);
  if ('richText' in value) return { quoted: value.richText.map((part) => part.text).join('') };
  if ('hyperlink' in value) return typeof value.text === 'string' ? { quoted: value.text } : undefined;
  if ('formula' in value || 'sharedFormula' in value)
    return fromExcelValue((value as { result?: ExcelJS.CellValue }).result ?? null);
  if ('error' in value) return String(value.error);
  return undefined;
}

function rowCells(row: ExcelJS.Row, width: number): Cell[] {
  const cells: Cell[] = [];
  for (let column = 1; column <= width; column++) cells.push(fromExcelValue(row.getCell(column).value));
  return cells;
}

/** The sheet as a raw table (row 1 is the header); file is `book.xlsx#sheet`. */
export function fromWorksheet(sheet: ExcelJS.Worksheet, file: string): RawTable {
  const width = sheet.actualColumnCount > 0 ? sheet.columnCount : 0;
  const header = rowCells(sheet.getRow(1), width).map(toHeaderText);
  const rows: RawTable['rows'] = [];
  sheet.eachRow((row, line) => {
    if (line === 1) return;
    const cells = rowCells(row, width);
    if (cells.some((cell) => cell !== undefined && cell !== '')) rows.push({ line, cells });
  });
  return { file, header, rows };
}

/** Loads a workbook from bytes; a file that is not a workbook is an `XLSX_INVALID` issue. */
export async function readWorkbook(
  bytes: Buffer,
  file: string,
): Promise<{ workbook?: ExcelJS.Workbook; issues: Issue[] }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    return { workbook, issues: [] };
  } catch (error) {
    const why = error instanceof Error ? error.message : 'unreadable';
    return {
      issues: [
        createLoadIssue('XLSX_INVALID', `'${file}' is not a readable .xlsx workbook (${why})`, {
          file,
          fix: 'save it from a spreadsheet as an Excel workbook (.xlsx)',
        }),
      ],
    };
  }
}

/** Adds a sheet with a header row and one row per map of cells. */
export function addSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  header: readonly string[],
  rows: readonly Map<string, OutCell>[],
): void {
  const sheet = workbook.addWorksheet(name);
  sheet.addRow([...header]);
  for (const row of rows) sheet.addRow(header.map((h) => row.get(h) ?? null));
}
