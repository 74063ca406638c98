/**
 * A table that shows its first rows, says "20 of 57", shows all on request and exports every row as CSV.
 * The markup stays a plain <table> (its className and aria-label passed through) inside a wrapper.
 */
import { useState, type ReactNode } from 'react';
import { csvFileName, rowCountCaption, toCsv, visibleRows, type CsvValue } from '../lib/table.js';

export interface Column<Row> {
  readonly header: string;
  /** The CSV header when the shown one is ambiguous alone ("median" under "Days to recover"). */
  readonly csvHeader?: string;
  /** "num" for right-aligned numbers, as elsewhere. */
  readonly className?: string;
  readonly cell: (row: Row) => ReactNode;
  /** The raw value exported to CSV (numbers unformatted). */
  readonly csv: (row: Row) => CsvValue;
}

export interface DataTableProps<Row> {
  /** Names the CSV file and the export button. */
  readonly title: string;
  readonly rows: readonly Row[];
  readonly columns: readonly Column<Row>[];
  readonly rowKey: (row: Row, index: number) => string;
  readonly limit: number;
  readonly rowTitle?: (row: Row) => string | undefined;
  readonly ariaLabel?: string;
  readonly className?: string;
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function DataTable<Row>(props: DataTableProps<Row>) {
  const { title, rows, columns, rowKey, limit, rowTitle, ariaLabel, className } = props;
  const [expanded, setExpanded] = useState(false);
  const shown = visibleRows(rows, limit, expanded);
  const caption = rowCountCaption(rows.length, limit, expanded);
  return (
    <div className="data-table">
      <table aria-label={ariaLabel} className={className}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col" className={c.className}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((row, index) => (
            <tr key={rowKey(row, index)} title={rowTitle?.(row)}>
              {columns.map((c) => (
                <td key={c.header} className={c.className}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="data-table-foot">
        {caption ? <span className="caption">{caption}</span> : null}
        {caption ? (
          <button type="button" className="small" onClick={() => setExpanded(!expanded)}>
            {expanded ? 'Show fewer' : 'Show all'}
          </button>
        ) : null}
        <button
          type="button"
          className="small"
          aria-label={`Export ${title} as CSV`}
          onClick={() =>
            download(
              csvFileName(title),
              toCsv(
                columns.map((c) => ({ header: c.csvHeader ?? c.header, csv: c.csv })),
                rows,
              ),
            )
          }
        >
          Export CSV
        </button>
      </div>
    </div>
  );
}
