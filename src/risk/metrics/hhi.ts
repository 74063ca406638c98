/** Concentration: the Herfindahl–Hirschman index of supply shares, 0–10,000. */
import { RiskError } from '../errors.js';
import { bucket } from '../aggregate.js';
import type { RiskNetwork } from '../network.js';
import type { FlowsView, Metric, MetricRow } from '../types.js';
import { supplyShares, type SharesOptions } from './shares.js';

/**
 * HHI = Σ (100 · s_i)² for shares s_i that sum to 1 (US DOJ/FTC convention): 10,000 for one
 * supplier, 10,000/n for n equal ones. Shares are normalised first, so tonnages work too.
 *
 * @example herfindahl([0.5, 0.3, 0.2]) → 2500 + 900 + 400 = 3800
 */
export function herfindahl(shares: readonly number[]): number {
  const total = shares.reduce((a, s) => a + s, 0);
  if (!(total > 0)) return 0;
  return shares.reduce((a, s) => a + ((100 * s) / total) ** 2, 0);
}

export interface HhiRow extends MetricRow {
  stage: string;
  element: string;
  period: string;
  /** Number of holders with output. */
  holders: number;
  top: string;
  topShare: number;
  /** Output of the stage, t REO (or t). */
  total: number;
  value: number;
}

/**
 * HHI per stage and element (and period), by country, province (jurisdiction) or operator.
 *
 * @example concentration(view, network, { by: 'country', stages: ['mining'], elements: ['REO'] })
 */
export function concentration(
  view: FlowsView,
  network: RiskNetwork,
  options: SharesOptions = {},
): Metric<HhiRow> {
  if (options.by === 'bloc')
    throw new RiskError(
      'RISK_BLOC_UNSUPPORTED',
      'HHI needs holders that split output, and blocs overlap (a country belongs to several); ' +
        'use shares by bloc, or HHI by country',
    );
  const shares = supplyShares(view, network, options);
  const values: HhiRow[] = [];
  for (const list of bucket(shares.values, ['stage', 'element', 'period']).values()) {
    const first = list[0];
    if (!first) continue;
    values.push({
      stage: first.stage,
      element: first.element,
      period: first.period,
      holders: list.length,
      top: first.holder,
      topShare: first.value,
      total: first.total,
      value: herfindahl(list.map((r) => r.value)),
    });
  }
  return {
    name: 'hhi',
    unit: 'HHI (0–10,000)',
    description: `Herfindahl–Hirschman index of output by ${options.by ?? 'country'}`,
    values,
  };
}
