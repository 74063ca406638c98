/** Renders any risk metric as a table: dimensions as text, shares as %, other numbers with separators. */
import type { Metric } from '../risk/index.js';
import { formatNumber, formatShare, renderTable } from './output.js';

const SHARE_FIELDS = new Set([
  'share',
  'topShare',
  'shortfallShare',
  'importReliance',
  'dependence',
  'maxShare',
  'eolRir',
  'substitution',
]);

function formatCell(metric: Metric, field: string, value: unknown): string {
  if (typeof value === 'number') {
    const isShare =
      SHARE_FIELDS.has(field) ||
      (field === 'value' && /share|relative|apparent consumption/.test(metric.unit));
    if (isShare) return Number.isFinite(value) ? formatShare(value) : String(value);
    if (Math.abs(value) < 100 && !Number.isInteger(value)) return formatNumber(value, 2);
    return formatNumber(value);
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return value === undefined ? '' : String(value);
}

/** A titled table of a metric's rows, `value` last with its unit. */
export function renderMetric(metric: Metric, limit = 40): string {
  const title = `${metric.name} (${metric.unit})${metric.description ? ` — ${metric.description}` : ''}`;
  if (metric.values.length === 0) return `${title}\n  (no rows)\n`;
  const fields = [...new Set(metric.values.flatMap((r) => Object.keys(r)))].filter((f) => f !== 'value');
  fields.push('value');
  const rows = metric.values.slice(0, limit).map((r) => fields.map((f) => formatCell(metric, f, r[f])));
  const header = fields.map((f) => (f === 'value' ? metric.unit : f));
  const more =
    metric.values.length > limit
      ? `\n  … ${metric.values.length - limit} more rows (use --json for all)`
      : '';
  const notes = (metric.notes ?? []).map((note) => `\n  Note: ${note}`).join('');
  return `${title}\n${renderTable(header, rows)}${more}${notes}\n`;
}
