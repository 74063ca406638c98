/** Renders any risk metric as a table: dimensions as text, shares as %, other numbers with separators. */
import type { Metric } from '../risk/index.js';
import { columnFormat, formatShare, renderTable } from './output.js';
import { columnLabel, isShareUnit, metricTitle } from './risk-labels.js';

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

/** The formatter of a field's column: shares as %, other numbers in one format (`columnFormat`). */
function cellFormat(metric: Metric, field: string, rows: Metric['values']): (value: unknown) => string {
  const isShare = SHARE_FIELDS.has(field) || (field === 'value' && isShareUnit(metric.unit));
  const numbers = rows.map((r) => r[field]).filter((v): v is number => typeof v === 'number');
  const number = isShare
    ? (v: number) => (Number.isFinite(v) ? formatShare(v) : String(v))
    : columnFormat(numbers);
  return (value) => {
    if (typeof value === 'number') return number(value);
    if (typeof value === 'boolean') return value ? 'yes' : 'no';
    return value === undefined ? '' : String(value);
  };
}

/** Fields whose value is the same on every row are said once, under the table, not on each row. */
const SAID_ONCE = new Set(['status']);

/**
 * A titled table of a metric's rows, `value` last with its unit. Headers are words with units
 * (`columnLabel`); a column that is `value` under another name is left out; a status shared by every
 * row is said once; the metric's notes follow the table.
 */
export function renderMetric(metric: Metric, limit = 40): string {
  const title = `${metricTitle(metric.name, metric.unit)}${metric.description ? ` — ${metric.description}` : ''}`;
  if (metric.values.length === 0) return `${title}\n  (no rows)\n`;
  const all = [...new Set(metric.values.flatMap((r) => Object.keys(r)))].filter((f) => f !== 'value');
  const sameOnEveryRow = (f: string): boolean => metric.values.every((r) => r[f] === metric.values[0]?.[f]);
  const once = all.filter((f) => SAID_ONCE.has(f) && sameOnEveryRow(f));
  const label = (f: string): string => columnLabel(metric.name, metric.unit, f);
  // A field that is the value under another name (diversification's costIncrease) is printed once.
  const isValue = (f: string): boolean =>
    label(f) === label('value') && metric.values.every((r) => r[f] === r.value);
  const fields = all.filter((f) => !once.includes(f) && !isValue(f));
  fields.push('value');
  const shown = metric.values.slice(0, limit);
  const formats = fields.map((f) => cellFormat(metric, f, shown));
  const rows = shown.map((r) => fields.map((f, i) => formats[i]?.(r[f]) ?? ''));
  const header = fields.map(label);
  const more =
    metric.values.length > limit
      ? `\n  … ${metric.values.length - limit} more rows (use --json for all)`
      : '';
  const said = once.map((f) => `\n  ${label(f)}: ${String(metric.values[0]?.[f])} (every row)`);
  const notes = (metric.notes ?? []).map((note) => `\n  Note: ${note}`);
  return `${title}\n${renderTable(header, rows)}${more}${said.join('')}${notes.join('')}\n`;
}
