/** The tables of `reeflow compare`: a, b and b − a per row, shares as percentages. */
import { dimensionsOf, type ComparisonRow, type Metric } from '../risk/index.js';
import { formatAmount, formatShare, formatSigned, renderTable } from './output.js';
import { isShareUnit, metricTitle } from './risk-labels.js';

function formatValue(value: number, share: boolean): string {
  if (share) return formatShare(value);
  return formatAmount(value);
}

/**
 * One compared metric as a table: its dimensions, a, b and `b − a`. `total` is the number of rows
 * before unchanged ones were left out; when none changed, one line says so.
 *
 * @example renderComparison(fillRate, 12) → "fill-rate (share of required): no change in 12 rows\n"
 */
export function renderComparison(metric: Metric<ComparisonRow>, total: number): string {
  const name = metric.name.replace(/ \(compare\)$/, '');
  const share = isShareUnit(metric.unit);
  const unit = share ? '%, b − a in percentage points' : metric.unit;
  const title = metricTitle(name, unit);
  if (metric.values.length === 0)
    return total === 0 ? `${title}\n  (no rows)\n` : `${title}: no change in ${total} rows\n`;
  const dimensions = dimensionsOf(metric.values[0]?.key ?? '').map(([k]) => k);
  const rows = metric.values.map((row) => {
    const cells = new Map(dimensionsOf(row.key));
    return [
      ...dimensions.map((d) => cells.get(d) ?? ''),
      formatValue(row.a, share),
      formatValue(row.b, share),
      formatSigned(formatValue(row.value, share)),
    ];
  });
  const hidden = total - metric.values.length;
  const more =
    hidden > 0 ? `\n  ${hidden} unchanged ${hidden === 1 ? 'row' : 'rows'} not shown (--all shows them)` : '';
  return `${title}\n${renderTable([...dimensions, 'a', 'b', 'b − a'], rows)}${more}\n`;
}
