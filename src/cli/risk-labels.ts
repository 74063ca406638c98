/** Column headers of the risk tables: words a reader uses, with units, instead of field names. */

/** Headers of row fields whose meaning and unit are fixed across metrics. */
const LABELS: Record<string, string> = {
  shortBefore: 'short before (t REO)',
  shortAfter: 'short after (t REO)',
  costIncrease: 'supply cost increase (USD)',
  totalCostIncrease: 'total cost increase (USD)',
  supplyCost: 'supply cost (USD)',
  shortfall: 'short (t)',
  tonnes: 'tonnes (t REO)',
  lost: 'lost (t REO)',
  spare: 'spare (t REO)',
  shortfallShare: 'share lost',
  eolRir: 'EOL-RIR',
  hhiGs: 'HHI global supply',
  hhiEu: 'HHI EU sourcing',
};

/** Headers of a metric's `value` column, where its unit alone does not say what it is. */
const VALUE_LABELS: Record<string, string> = {
  vulnerability: 'extra short (t REO)',
  'diversification-cost': 'supply cost increase (USD)',
  'import-reliance': 'net import reliance',
};

/** "topShare" → "top share". */
function toWords(field: string): string {
  return field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/**
 * The header of a field of a metric's rows.
 *
 * @example columnLabel('vulnerability', 't REO short', 'shortBefore') → 'short before (t REO)'
 */
export function columnLabel(metric: string, unit: string, field: string): string {
  if (field === 'value') return VALUE_LABELS[metric] ?? unit;
  return LABELS[field] ?? toWords(field);
}

/** A metric's title with its unit: "hhi: HHI (0–10,000)" when the unit has its own parentheses. */
export function metricTitle(name: string, unit: string): string {
  return unit.includes('(') ? `${name}: ${unit}` : `${name} (${unit})`;
}

/** Whether a metric's values are shares of a whole (printed as percentages, differences in points). */
export function isShareUnit(unit: string): boolean {
  return /share|relative|apparent consumption/.test(unit);
}
