/**
 * Scenario comparison: any two runs side by side per metric, with the difference. Rows of the two
 * metrics are matched on their string fields (the dimensions); numbers other than `value` are not
 * compared.
 */
import type { PlanResult } from '../plan/index.js';
import { herfindahl } from './metrics/hhi.js';
import type { Metric, MetricRow } from './types.js';

export interface ComparisonRow extends MetricRow {
  metric: string;
  key: string;
  a: number;
  b: number;
  /** b − a. */
  value: number;
}

function keyOf(row: MetricRow): string {
  return Object.entries(row)
    .filter(([k, v]) => k !== 'value' && typeof v === 'string')
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}

/**
 * The dimensions a comparison key names, in order: `'stage=mining element=REO'` →
 * `[['stage', 'mining'], ['element', 'REO']]`.
 */
export function dimensionsOf(key: string): [string, string][] {
  const dimensions: [string, string][] = [];
  for (const part of key.split(' ')) {
    const at = part.indexOf('=');
    const last = dimensions.at(-1);
    if (at > 0) dimensions.push([part.slice(0, at), part.slice(at + 1)]);
    else if (last) last[1] += ` ${part}`; // a value with a space in it
  }
  return dimensions;
}

/**
 * Joins two runs of one metric on their dimensions; a row missing on one side counts as 0 there.
 *
 * @example compareMetric(hhiA, hhiB).values → [{ metric: 'hhi', key: 'stage=mining element=REO', a: 5000, b: 3400, value: -1600 }]
 */
export function compareMetric(a: Metric, b: Metric): Metric<ComparisonRow> {
  const rows = new Map<string, ComparisonRow>();
  for (const [side, metric] of [
    ['a', a],
    ['b', b],
  ] as const) {
    for (const row of metric.values) {
      const key = keyOf(row);
      const entry = rows.get(key) ?? { metric: a.name, key, a: 0, b: 0, value: 0 };
      entry[side] += row.value;
      rows.set(key, entry);
    }
  }
  const values = [...rows.values()].map((r) => ({ ...r, value: r.b - r.a }));
  return { name: `${a.name} (compare)`, unit: a.unit, values };
}

/**
 * Metrics read from a plan result alone, without its model: costs by category, unmet demand,
 * output and HHI per stage by the facilities' jurisdictions.
 */
export function resultMetrics(result: PlanResult): Metric[] {
  const costs: Metric = {
    name: 'cost',
    unit: 'USD',
    values: Object.entries(result.costs).map(([category, value]) => ({ category, value })),
  };
  const shortfall: Metric = {
    name: 'shortfall',
    unit: 't',
    values: result.shortfall.map((s) => ({ demand: s.demand, material: s.material, value: s.tonnes })),
  };
  return [costs, shortfall, ...outputByJurisdiction(result.production)];
}

/** Output (t REO) per stage and jurisdiction, and its HHI per stage, from located process outputs. */
export function outputByJurisdiction(
  rows: Iterable<{ stage: string; jurisdiction: string; reo: number }>,
): Metric[] {
  const output = new Map<string, Map<string, number>>();
  for (const p of rows) {
    const stage = output.get(p.stage) ?? new Map<string, number>();
    stage.set(p.jurisdiction, (stage.get(p.jurisdiction) ?? 0) + p.reo);
    output.set(p.stage, stage);
  }
  const outputMetric: Metric = { name: 'output', unit: 't REO', values: [] };
  const hhi: Metric = { name: 'hhi-by-jurisdiction', unit: 'HHI (0–10,000)', values: [] };
  for (const [stage, byJurisdiction] of output) {
    for (const [jurisdiction, value] of byJurisdiction)
      outputMetric.values.push({ stage, jurisdiction, value });
    hhi.values.push({ stage, value: herfindahl([...byJurisdiction.values()]) });
  }
  return [outputMetric, hhi];
}

/** Compares two lists of metrics by name. */
export function compareMetrics(a: readonly Metric[], b: readonly Metric[]): Metric<ComparisonRow>[] {
  return a.flatMap((m) => {
    const other = b.find((x) => x.name === m.name);
    return other ? [compareMetric(m, other)] : [];
  });
}
