/** The tables of `reeflow compare`: a, b and b − a per row, shares as percentages. */
import { dimensionsOf, type ComparisonRow, type Metric } from '../risk/index.js';
import { columnFormat, formatShare, formatSigned, renderTable } from './output.js';
import { isShareUnit, metricTitle } from './risk-labels.js';

/** The number format of one compared metric, the same for a, b and b − a: shares as %, else `columnFormat`. */
function formatterOf(metric: Metric<ComparisonRow>): (value: number) => string {
  if (isShareUnit(metric.unit)) return formatShare;
  return columnFormat(metric.values.flatMap((r) => [r.a, r.b]));
}

/** Whether a printed difference is zero: "0", "0.00", "0.0%". */
const printsAsZero = (text: string): boolean => /^0(\.0*)?%?$/.test(text);

/**
 * One compared metric as a table: its dimensions, a, b and `b − a`, in one number format.
 * `total` is the number of rows of the metric; unless `all`, rows whose difference prints as 0
 * are left out with the others that did not change, and when none changed one line says so.
 *
 * @example renderComparison(fillRate, 12, false) → "fill-rate (%, b − a in percentage points): no change in 12 rows\n"
 */
export function renderComparison(metric: Metric<ComparisonRow>, total: number, all: boolean): string {
  const name = metric.name.replace(/ \(compare\)$/, '');
  const unit = isShareUnit(metric.unit) ? '%, b − a in percentage points' : metric.unit;
  const title = metricTitle(name, unit);
  const format = formatterOf(metric);
  const shown = metric.values
    .map((row) => ({ row, difference: format(row.value) }))
    .filter(({ difference }) => all || !printsAsZero(difference));
  if (shown.length === 0)
    return total === 0 ? `${title}\n  (no rows)\n` : `${title}: no change in ${total} rows\n`;
  const dimensions = dimensionsOf(shown[0]?.row.key ?? '').map(([k]) => k);
  const rows = shown.map(({ row, difference }) => {
    const cells = new Map(dimensionsOf(row.key));
    return [
      ...dimensions.map((d) => cells.get(d) ?? ''),
      format(row.a),
      format(row.b),
      formatSigned(difference),
    ];
  });
  const hidden = total - shown.length;
  const more =
    hidden > 0 ? `\n  ${hidden} unchanged ${hidden === 1 ? 'row' : 'rows'} not shown (--all shows them)` : '';
  return `${title}\n${renderTable([...dimensions, 'a', 'b', 'b − a'], rows)}${more}\n`;
}
