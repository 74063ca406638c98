/**
 * CSV text ↔ raw tables. Cells are trimmed unless quoted; a quoted cell keeps its text exactly
 * (so `""` is an empty text and an empty unquoted cell is "not given").
 */
import { parse } from 'csv-parse/sync';
import type { Issue } from '../issues.js';
import { createLoadIssue } from './load-issue.js';
import { toHeaderText, type Cell, type OutCell } from './table-cells.js';

/** A table as read, before its header is resolved: header texts and data rows with their row numbers. */
export interface RawTable {
  file: string;
  header: string[];
  rows: { line: number; cells: Cell[] }[];
}

interface CsvRecord {
  record: Cell[];
  info: { lines: number };
}

function countNewlines(cells: readonly Cell[]): number {
  let count = 0;
  for (const cell of cells) if (typeof cell === 'object') count += cell.quoted.split('\n').length - 1;
  return count;
}

function isBlank(cells: readonly Cell[]): boolean {
  return cells.every((cell) => cell === undefined || cell === '');
}

/** Parses CSV text; a syntax error (e.g. an unclosed quote) is a `CSV_SYNTAX` issue with its line. */
export function parseCsvText(text: string, file: string): { table?: RawTable; issues: Issue[] } {
  let records: CsvRecord[];
  try {
    records = parse(text, {
      info: true,
      trim: true,
      relax_column_count: true,
      skip_empty_lines: true,
      cast: (value, context) => (context.quoting ? { quoted: value } : value),
    }) as unknown as CsvRecord[];
  } catch (error) {
    const line = typeof error === 'object' && error !== null && 'lines' in error ? Number(error.lines) : undefined;
    const why = error instanceof Error ? error.message.replace(/^Invalid Record Length: |^Quote Not Closed: /, '') : 'invalid CSV';
    return { issues: [createLoadIssue('CSV_SYNTAX', `invalid CSV: ${why}`, { file, line, fix: 'check the quotes and separators at this line' })] };
  }
  const [first, ...rest] = records;
  if (!first) return { table: { file, header: [], rows: [] }, issues: [] };
  const rows = rest
    .filter((entry) => !isBlank(entry.record))
    .map((entry) => ({ line: entry.info.lines - countNewlines(entry.record), cells: entry.record }));
  return { table: { file, header: first.record.map(toHeaderText), rows }, issues: [] };
}

function toCsvField(cell: OutCell | undefined): string {
  if (cell === undefined) return '';
  if (typeof cell !== 'string') return String(cell);
  return cell === '' || /[",\r\n]|^\s|\s$/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** Writes a header and rows of cells as CSV; text that would not read back unquoted is quoted. */
export function toCsvText(header: readonly string[], rows: readonly Map<string, OutCell>[]): string {
  const lines = [header.map((h) => toCsvField(h)).join(',')];
  for (const row of rows) lines.push(header.map((h) => toCsvField(row.get(h))).join(','));
  return `${lines.join('\n')}\n`;
}
