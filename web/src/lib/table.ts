/** Pure helpers for truncated tables: the "20 of 57" caption and CSV export of every row. */

/** A CSV cell: a number unformatted, text as is, nothing as an empty cell. */
export type CsvValue = string | number | boolean | null | undefined;

/** One column of an exported table: its header and the raw value of a row. */
export interface CsvColumn<Row> {
  readonly header: string;
  readonly csv: (row: Row) => CsvValue;
}

/** The rows a table shows: the first `limit` unless expanded. */
export function visibleRows<Row>(rows: readonly Row[], limit: number, expanded: boolean): readonly Row[] {
  return expanded || rows.length <= limit ? rows : rows.slice(0, limit);
}

/** "20 of 57" when rows are hidden, "57 of 57" when all show after expanding, "" when nothing is cut. */
export function rowCountCaption(total: number, limit: number, expanded: boolean): string {
  if (total <= limit) return '';
  return `${expanded ? total : limit} of ${total}`;
}

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote, CR or LF; quotes doubled. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Every row as CSV: a header row, then one record per row, CRLF line ends (RFC 4180). */
export function toCsv<Row>(columns: readonly CsvColumn<Row>[], rows: readonly Row[]): string {
  const records = [
    columns.map((c) => csvField(c.header)),
    ...rows.map((row) => columns.map((c) => csvField(c.csv(row)))),
  ];
  return records.map((fields) => fields.join(',')).join('\r\n') + '\r\n';
}

/** A file name from a table's title: "Binding constraints" → "binding-constraints.csv". */
export function csvFileName(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${slug || 'table'}.csv`;
}
