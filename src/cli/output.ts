/** Terminal output helpers: aligned tables (and their CSV copies), number formats, JSON. */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { formatIssue, type Issue } from '../model/index.js';

/** Formats a number with thousands separators and at most `digits` decimals. */
export function formatNumber(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return String(value);
  return withoutNegativeZero(
    value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 }),
  );
}

/**
 * One format for amounts in every table: whole numbers from 100 up, two decimals below, so a
 * column never mixes "102,038" with "100,950.96".
 *
 * @example formatAmount(100950.96) → "100,951"; formatAmount(12.345) → "12.35"
 */
export function formatAmount(value: number): string {
  return formatNumber(value, Math.abs(value) < 100 ? 2 : 0);
}

/**
 * The format of one table column, the same on every cell: whole numbers when every value is whole
 * or any is 100 or more, else two decimals ("3.70" beside "23.48", not "3.7").
 *
 * @example columnFormat([3.7, 23.48])(3.7) → "3.70"; columnFormat([31.4, 188])(31.4) → "31"
 */
export function columnFormat(values: readonly number[]): (value: number) => string {
  const finite = values.filter((v) => Number.isFinite(v));
  const whole = finite.every((v) => Number.isInteger(v)) || finite.some((v) => Math.abs(v) >= 100);
  if (whole) return (value) => formatNumber(value);
  return (value) =>
    Number.isFinite(value)
      ? withoutNegativeZero(
          value.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 }),
        )
      : String(value);
}

/** Formats a share as a percentage, e.g. 0.912 → "91.2%". */
export function formatShare(value: number): string {
  return withoutNegativeZero(`${(value * 100).toFixed(1)}%`);
}

/** "-0", "-0.0%" → "0", "0.0%": a value that rounds to zero has no sign. */
function withoutNegativeZero(text: string): string {
  return /^-0(\.0*)?%?$/.test(text) ? text.slice(1) : text;
}

/** A difference with its sign: +1,200, -3.5%, 0. */
export function formatSigned(text: string): string {
  return text.startsWith('-') || /^0(\.0*)?%?$/.test(text) ? text : `+${text}`;
}

/** A table as `renderTable` drew it: its cells and its text. */
export interface DrawnTable {
  header: readonly string[];
  rows: readonly (readonly string[])[];
  text: string;
}

/** The tables drawn during one CLI run (`recordTables`), for `--csv`. */
const drawn = new AsyncLocalStorage<DrawnTable[]>();

/** Runs `task`, collecting every table `renderTable` draws meanwhile into `tables`. */
export function recordTables<T>(tables: DrawnTable[], task: () => T): T {
  return drawn.run(tables, task);
}

/** Renders rows as an aligned text table; numeric-looking cells are right-aligned. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const text = drawTable(header, rows);
  drawn.getStore()?.push({ header, rows, text });
  return text;
}

function drawTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = header.map(
    (_, i) => rows.length > 0 && rows.every((r) => /^[-+]?[\d,.]+%?$|^–?$/.test(r[i] ?? '')),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Prints issues one per line to stderr, errors first. */
export function printIssues(issues: readonly Issue[], write: (text: string) => void): void {
  const order = { error: 0, warning: 1, info: 2 } as const;
  for (const issue of [...issues].sort((a, b) => order[a.severity] - order[b.severity]))
    write(`${formatIssue(issue)}\n`);
}

/** JSON for scripts: stable two-space indentation and a trailing newline. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** A file name from a table's title: "Cost by category (USD)" → "cost-by-category-usd". */
function slug(title: string): string {
  const words = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return words.slice(0, 60).replace(/-$/, '') || 'table';
}

/** A cell as CSV holds it: numbers without thousands separators or a plus sign; anything else as printed. */
function toCsvCell(cell: string): string {
  return /^[-+]?[\d,]+(\.\d+)?$/.test(cell) ? cell.replace(/[,+]/g, '') : cell;
}

/**
 * Writes each printed table to `folder` as CSV, named after the line printed above it (its title),
 * numbered in print order: `01-cost-by-category-usd.csv`. Tables drawn but not printed are left
 * out. Returns the files written.
 *
 * @example await writeCsvTables('out', tables, printedText) → ['out/01-mining.csv', …]
 */
export async function writeCsvTables(
  folder: string,
  tables: readonly DrawnTable[],
  printed: string,
): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  const files: string[] = [];
  let from = 0;
  for (const table of tables) {
    const at = printed.indexOf(table.text, from);
    if (at < 0) continue;
    const above = printed
      .slice(from, at)
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
    from = at + table.text.length;
    const name = `${String(files.length + 1).padStart(2, '0')}-${slug(above.at(-1) ?? 'table')}.csv`;
    const file = join(folder, name);
    const body = stringify([table.header, ...table.rows.map((row) => row.map(toCsvCell))]);
    await writeFile(file, body);
    files.push(file);
  }
  return files;
}
