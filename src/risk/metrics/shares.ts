/** Supply shares per stage and element: each holder's share of the stage's output. */
import { aggregate, bucket } from '../aggregate.js';
import { toProductionFacts, type ProductionFact } from '../facts.js';
import type { RiskNetwork } from '../network.js';
import type { FlowsView, Metric, MetricRow } from '../types.js';

/** Who holds a share: the facility's top-level jurisdiction, its own jurisdiction (province), its operator, or its blocs. */
/** What shares and HHI group producers by. */
export const HOLDERS = ['country', 'jurisdiction', 'operator', 'bloc'] as const;
export type Holder = (typeof HOLDERS)[number];

export interface SharesOptions {
  by?: Holder;
  /** Stages to report; every stage with output when omitted. */
  stages?: readonly string[];
  /** Element names: 'REO' (all), symbols, groups. Default 'REO' and every element symbol. */
  elements?: readonly string[];
  /** One set of shares per period instead of over the whole horizon. */
  perPeriod?: boolean;
  /** Measure output in t REO of the element (default) or in t of material. */
  basis?: 'reo' | 'tonnes';
}

export interface ShareRow extends MetricRow {
  stage: string;
  element: string;
  period: string;
  holder: string;
  /** Output of the holder, t REO (or t with basis 'tonnes'). */
  output: number;
  /** Output of the stage, same unit. */
  total: number;
  value: number;
}

/**
 * Each holder's share of each stage's output of each element, largest first.
 *
 * @example supplyShares(view, network, { by: 'country', stages: ['mining'], elements: ['REO'] })
 */
export function supplyShares(
  view: FlowsView,
  network: RiskNetwork,
  options: SharesOptions = {},
): Metric<ShareRow> {
  const by = options.by ?? 'country';
  const facts = toProductionFacts(view, network, options.elements).filter(
    (f) => !options.stages || options.stages.includes(f.stage),
  );
  const dims = options.perPeriod
    ? (['stage', 'element', 'period', by] as const)
    : (['stage', 'element', by] as const);
  const measure = (f: ProductionFact): number => (options.basis === 'tonnes' ? f.tonnes : f.reo);
  const groups = aggregate(facts, dims as readonly string[], measure);
  const values: ShareRow[] = [];
  for (const list of bucket(groups, dims.filter((d) => d !== by) as string[]).values()) {
    const total = list.reduce((a, g) => a + g.value, 0);
    // Blocs overlap (a country is in several), so a bloc's share is of the stage total, not of the blocs' sum.
    const stageTotal =
      by === 'bloc'
        ? facts
            .filter(
              (f) =>
                f.stage === list[0]?.['stage'] &&
                f.element === list[0]?.['element'] &&
                (!options.perPeriod || f.period === list[0]?.['period']),
            )
            .reduce((a, f) => a + measure(f), 0)
        : total;
    for (const g of list.sort((a, b) => b.value - a.value)) {
      values.push({
        stage: g['stage'] ?? '',
        element: g['element'] ?? '',
        period: options.perPeriod ? (g['period'] ?? '') : 'all',
        holder: g[by] ?? '',
        output: g.value,
        total: stageTotal,
        value: stageTotal > 0 ? g.value / stageTotal : 0,
      });
    }
  }
  return { name: 'shares', unit: 'share', description: `share of each stage's output by ${by}`, values };
}
