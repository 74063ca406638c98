/**
 * CSV text ↔ raw tables. Cells are trimmed unless quoted; a quoted cell keeps its text exactly
 * (so `""` is an empty text and an empty unquoted cell is "not given").
 */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { parse as parseStream, type Options } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import type { Issue } from '../issues.js';
import { createLoadIssue } from './load-issue.js';
import { createNotTextIssue } from './read-file.js';
import { toHeaderText, type Cell, type OutCell } from './table-cells.js';

/** A table as read, before its header is resolved: header texts and data rows with their row numbers. */
export interface RawTable {
  file: string;
  header: string[];
  rows: { line: number; cells: Cell[] }[];
}

interface CsvRecord {
  record: string[];
  info: { lines: number };
  /** The record as written, from the end of the previous one (skipped blank lines included). */
  raw: string;
}

function countNewlines(cells: readonly Cell[]): number {
  let count = 0;
  for (const cell of cells) if (typeof cell === 'object') count += cell.quoted.split('\n').length - 1;
  return count;
}

function isBlank(cells: readonly Cell[]): boolean {
  return cells.every((cell) => cell === undefined || cell === '');
}

const MAX_INTERNED = 65_536;
const MAX_INTERNED_LENGTH = 64;

/**
 * One copy of each short cell text: a big table repeats the same ids, modes and units in every
 * row, and csv-parse gives each cell its own string. Bounded: at most 65,536 texts of 64 characters.
 */
function createInterner(): (text: string) => string {
  const pool = new Map<string, string>();
  return (text) => {
    if (text.length > MAX_INTERNED_LENGTH) return text;
    const known = pool.get(text);
    if (known !== undefined) return known;
    if (pool.size < MAX_INTERNED) pool.set(text, text);
    return text;
  };
}

/** csv-parse options: records with their line info and raw text. */
const CSV_OPTIONS: Options = {
  info: true,
  raw: true,
  trim: true,
  relax_column_count: true,
  skip_empty_lines: true,
};

/** The characters csv-parse's `trim` skips around a field. */
const TRIMMED = new Set(['\r', '\n', '\f', ' ', '\t']);

/**
 * Which fields of a record were quoted, read from its raw text: after trimmed characters, a quoted
 * field starts with `"` and ends at the quote that is not doubled. csv-parse's `cast` option would
 * tell this per field, but it builds an info object for every field, which made reading a 10 MB
 * table ten times slower and its garbage grew the heap by hundreds of MB.
 */
function findQuotedFields(raw: string): boolean[] {
  const quoted: boolean[] = [];
  let i = 0;
  for (;;) {
    while (i < raw.length && TRIMMED.has(raw.charAt(i))) i++;
    const isQuoted = raw.charAt(i) === '"';
    quoted.push(isQuoted);
    if (isQuoted) {
      let end = raw.indexOf('"', i + 1);
      while (end >= 0 && raw.charAt(end + 1) === '"') end = raw.indexOf('"', end + 2);
      if (end < 0) return quoted;
      i = end + 1;
    }
    const comma = raw.indexOf(',', i);
    if (comma < 0) return quoted;
    i = comma + 1;
  }
}

/** The cells of a record: quoted ones marked `{ quoted }`, short texts interned. */
function createCellReader(): (entry: CsvRecord) => Cell[] {
  const intern = createInterner();
  return (entry) => {
    const quoted = entry.raw.includes('"') ? findQuotedFields(entry.raw) : undefined;
    return entry.record.map((text, k) => (quoted?.[k] === true ? { quoted: intern(text) } : intern(text)));
  };
}

function toSyntaxIssue(error: unknown, file: string): Issue {
  const line =
    typeof error === 'object' && error !== null && 'lines' in error ? Number(error.lines) : undefined;
  const why =
    error instanceof Error
      ? error.message.replace(/^Invalid Record Length: |^Quote Not Closed: /, '')
      : 'invalid CSV';
  return createLoadIssue('CSV_SYNTAX', `invalid CSV: ${why}`, {
    file,
    line,
    fix: 'check the quotes and separators at this line',
  });
}

/** A data row as read: its line (of its first cell) and cells; undefined for a blank row. */
function toDataRow(
  entry: CsvRecord,
  toCells: (entry: CsvRecord) => Cell[],
): { line: number; cells: Cell[] } | undefined {
  const cells = toCells(entry);
  return isBlank(cells) ? undefined : { line: entry.info.lines - countNewlines(cells), cells };
}

/** Parses CSV text; a syntax error (e.g. an unclosed quote) is a `CSV_SYNTAX` issue with its line. */
export function parseCsvText(text: string, file: string): { table?: RawTable; issues: Issue[] } {
  let records: CsvRecord[];
  try {
    records = parse(text, CSV_OPTIONS) as unknown as CsvRecord[];
  } catch (error) {
    return { issues: [toSyntaxIssue(error, file)] };
  }
  const toCells = createCellReader();
  const [first, ...rest] = records;
  if (!first) return { table: { file, header: [], rows: [] }, issues: [] };
  const header = toCells(first).map(toHeaderText);
  const rows = rest.map((entry) => toDataRow(entry, toCells)).filter((row) => row !== undefined);
  return { table: { file, header, rows }, issues: [] };
}

/** What `readCsvFile` does with a table as it streams by: the header once, then each data row. */
export interface CsvRowSink {
  header(header: string[]): void;
  row(line: number, cells: Cell[]): void;
}

class NotTextError extends Error {}

/** UTF-8 text chunks of a byte stream; NUL bytes or invalid UTF-8 throw `NotTextError`, a leading BOM is dropped. */
async function* toTextChunks(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  for await (const chunk of chunks) {
    if (chunk.includes(0)) throw new NotTextError('it contains NUL bytes');
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw new NotTextError('invalid UTF-8');
    }
    if (first && text.startsWith('\uFEFF')) text = text.slice(1);
    first = false;
    yield text;
  }
  try {
    const rest = decoder.decode();
    if (rest !== '') yield rest;
  } catch {
    throw new NotTextError('invalid UTF-8');
  }
}

/**
 * Streams a CSV file through csv-parse, handing the header and each data row to `sink` as they are
 * read, so memory holds one chunk and the rows the sink keeps, never the whole text or every record.
 * Returns the issues that stopped the read (not UTF-8 text, a CSV syntax error); the file's size
 * and kind are checked by the caller.
 *
 * @example const issues = await readCsvFile('data/two-base/routes.csv', 'routes.csv', { header: console.log, row: console.log });
 */
export async function readCsvFile(absolutePath: string, file: string, sink: CsvRowSink): Promise<Issue[]> {
  let seenHeader = false;
  const toCells = createCellReader();
  try {
    await pipeline(
      createReadStream(absolutePath),
      toTextChunks,
      parseStream(CSV_OPTIONS),
      async (records: AsyncIterable<CsvRecord>) => {
        for await (const entry of records) {
          if (!seenHeader) {
            seenHeader = true;
            sink.header(toCells(entry).map(toHeaderText));
            continue;
          }
          const row = toDataRow(entry, toCells);
          if (row) sink.row(row.line, row.cells);
        }
      },
    );
  } catch (error) {
    if (error instanceof NotTextError) {
      return [createNotTextIssue(file, error.message)];
    }
    return [toSyntaxIssue(error, file)];
  }
  if (!seenHeader) sink.header([]);
  return [];
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
