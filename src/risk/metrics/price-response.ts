/**
 * Price response to a supply disruption, partial equilibrium (the approach of the USGS 2025
 * critical-minerals assessment: a disruption removes supply, spare capacity elsewhere offsets part
 * of it, and the price rises until demand falls and supply rises enough to clear the market).
 *
 * With constant-elasticity demand Q_d = Q·(P/P₀)^(−ε_d) and supply Q_s = Q·(1 − δ)·(P/P₀)^(ε_s),
 * where δ is the net share of supply lost (lost − spare capacity, over total supply), the market
 * clears at   P/P₀ = (1 − δ)^(−1/(ε_s + ε_d)),   so   ΔP/P₀ = (1 − δ)^(−1/(ε_s + ε_d)) − 1
 * (≈ δ / (ε_s + ε_d) for small δ).
 */
import { expandElements } from '../../model/index.js';
import { facilityInfo, type RiskNetwork } from '../network.js';
import type { FlowsView, Metric, MetricRow } from '../types.js';

/**
 * Short-run elasticities used when none are given. These are ASSUMPTIONS of the right order for
 * minor metals over about a year (demand −0.3: magnets have few short-run substitutes; supply 0.2:
 * new separation and mine capacity take years), not values published for each element; pass
 * measured ones in `elasticities` when you have them (see docs/risk.md).
 */
export const DEFAULT_ELASTICITIES = { demand: 0.3, supply: 0.2 } as const;

export interface PriceResponseOptions {
  /** The jurisdiction whose supply is disrupted. */
  jurisdiction: string;
  elements?: readonly string[];
  /** Stage whose output is disrupted. Default 'separation'. */
  stage?: string;
  /** Share of the jurisdiction's output lost, 0–1. Default 1 (a full stop). */
  loss?: number;
  /** Per element (or 'default'): demand elasticity as a positive magnitude, and supply elasticity. */
  elasticities?: Readonly<Record<string, { demand: number; supply: number }>>;
  /** Count other producers' spare capacity as offsetting supply. Default true. */
  useSpareCapacity?: boolean;
}

export interface PriceResponseRow extends MetricRow {
  element: string;
  jurisdiction: string;
  stage: string;
  /** t REO of the element lost. */
  lost: number;
  /** t REO of the element other producers could add. */
  spare: number;
  /** Net share of supply lost, δ. */
  shortfallShare: number;
  demandElasticity: number;
  supplyElasticity: number;
  /** Relative price change ΔP/P₀. */
  value: number;
}

/** ΔP/P₀ for a net supply loss δ and elasticities (demand as a positive magnitude). */
export function priceChange(delta: number, demandElasticity: number, supplyElasticity: number): number {
  const d = Math.min(Math.max(delta, 0), 0.999);
  const sum = demandElasticity + supplyElasticity;
  if (!(sum > 0)) return d > 0 ? Infinity : 0;
  return (1 - d) ** (-1 / sum) - 1;
}

/**
 * Price change per element when a jurisdiction's output at a stage stops.
 *
 * @example priceResponse(view, network, { jurisdiction: 'CN', elements: ['Dy'] })
 */
export function priceResponse(
  view: FlowsView,
  network: RiskNetwork,
  options: PriceResponseOptions,
): Metric<PriceResponseRow> {
  const stage = options.stage ?? 'separation';
  const loss = options.loss ?? 1;
  const names = options.elements ?? ['Nd', 'Pr', 'Dy', 'Tb'];
  const inside = (facility: string): boolean =>
    network.tree.within(facilityInfo(network, facility).jurisdiction, options.jurisdiction);
  const perReference = (processKey: string, symbols: readonly string[]): number => {
    const p = network.processes.get(processKey);
    if (!p || !(p.capacityPerActivity > 0)) return 0;
    let reo = 0;
    for (const [m, amount] of Object.entries(p.outputs)) {
      const content = network.contents.get(m) ?? {};
      for (const s of symbols) reo += amount * ((content as Record<string, number | undefined>)[s] ?? 0);
    }
    return reo / p.capacityPerActivity;
  };
  const values: PriceResponseRow[] = [];
  for (const name of names) {
    const symbols = expandElements([name]);
    let total = 0;
    let lost = 0;
    for (const p of view.production) {
      if (p.stage !== stage) continue;
      const content = network.contents.get(p.material) ?? {};
      let reo = 0;
      for (const s of symbols) reo += p.tonnes * ((content as Record<string, number | undefined>)[s] ?? 0);
      total += reo;
      if (inside(p.facility)) lost += reo * loss;
    }
    if (!(total > 0)) continue;
    let spare = 0;
    if (options.useSpareCapacity ?? true) {
      for (const c of view.capacities)
        if (c.stage === stage && !inside(c.facility))
          spare += Math.max(0, c.capacity - c.throughput) * perReference(c.process, symbols);
    }
    const e = options.elasticities?.[name] ?? options.elasticities?.['default'] ?? DEFAULT_ELASTICITIES;
    const delta = Math.max(0, lost - spare) / total;
    values.push({
      element: name,
      jurisdiction: options.jurisdiction,
      stage,
      lost,
      spare,
      shortfallShare: delta,
      demandElasticity: e.demand,
      supplyElasticity: e.supply,
      value: priceChange(delta, e.demand, e.supply),
    });
  }
  return {
    name: 'price-response',
    unit: 'relative price change',
    description: 'partial-equilibrium price change under the disruption',
    values,
  };
}
