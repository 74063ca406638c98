/**
 * Price response to a supply disruption, partial equilibrium (the approach of the USGS 2025
 * critical-minerals assessment: a disruption removes supply, spare capacity elsewhere offsets part
 * of it, and the price rises until demand falls and supply rises enough to clear the market).
 *
 * With constant-elasticity demand Q_d = Q·(P/P₀)^(−ε_d) and supply Q_s = Q·(1 − δ)·(P/P₀)^(ε_s),
 * where δ is the net share of supply lost (lost − spare capacity, over total supply), the market
 * clears at   P/P₀ = (1 − δ)^(−1/(ε_s + ε_d)),   so   ΔP/P₀ = (1 − δ)^(−1/(ε_s + ε_d)) − 1
 * (≈ δ / (ε_s + ε_d) for small δ).
 *
 * The constant-elasticity form is a local approximation and grows without bound as δ → 1, so the
 * price is bounded by a choke price (a multiple of P₀ at which short-run demand stops), and rows
 * beyond the range the form is read for carry a note.
 */
import { expandElements } from '../../model/index.js';
import { checkParty, facilityInfo, type RiskNetwork } from '../network.js';
import type { FlowsView, Metric, MetricRow } from '../types.js';

/**
 * Short-run elasticities used when none are given. These are ASSUMPTIONS of the right order for
 * minor metals over about a year (demand −0.3: magnets have few short-run substitutes; supply 0.2:
 * new separation and mine capacity take years), not values published for each element; pass
 * measured ones in `elasticities` when you have them (see docs/risk.md).
 */
export const DEFAULT_ELASTICITIES = { demand: 0.3, supply: 0.2 } as const;

/**
 * Choke price as a multiple of the reference price P₀, used when none is given: an ASSUMPTION that
 * short-run demand for an element stops (users idle lines, switch designs or draw stocks) before its
 * price passes ten times its pre-disruption level.
 */
export const DEFAULT_CHOKE = 10;

/** Net supply loss beyond which the constant-elasticity form is read as an order of magnitude only. */
export const LOCAL_SHORTFALL = 0.3;

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
  /** Choke price as a multiple of the reference price (> 1); the price never rises past it. Default {@link DEFAULT_CHOKE}. */
  choke?: number;
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
  /** Whether the price stopped at the choke price. */
  capped: boolean;
  /** Relative price change ΔP/P₀. */
  value: number;
}

/**
 * ΔP/P₀ for a net supply loss δ and elasticities (demand as a positive magnitude), at most
 * `choke` − 1 when demand stops at `choke` × P₀.
 *
 * @example priceChange(0.5, 0.3, 0.2) // 3 (+300%); priceChange(0.98, 0.3, 0.2, 10) // 9 (the choke price)
 */
export function priceChange(
  delta: number,
  demandElasticity: number,
  supplyElasticity: number,
  choke = Infinity,
): number {
  const d = Math.min(Math.max(delta, 0), 0.999);
  const sum = demandElasticity + supplyElasticity;
  const unbounded = sum > 0 ? (1 - d) ** (-1 / sum) - 1 : d > 0 ? Infinity : 0;
  return Math.min(unbounded, choke - 1);
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
  checkParty(network, options.jurisdiction, 'through');
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
  const choke = options.choke ?? DEFAULT_CHOKE;
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
    const value = priceChange(delta, e.demand, e.supply, choke);
    values.push({
      element: name,
      jurisdiction: options.jurisdiction,
      stage,
      lost,
      spare,
      shortfallShare: delta,
      demandElasticity: e.demand,
      supplyElasticity: e.supply,
      capped: value < priceChange(delta, e.demand, e.supply),
      value,
    });
  }
  return {
    name: 'price-response',
    unit: 'relative price change',
    description: 'partial-equilibrium price change under the disruption',
    notes: priceResponseNotes(values, options, choke),
    values,
  };
}

/** The assumptions the rows rest on and where they are read beyond the form's range, one note each. */
function priceResponseNotes(
  rows: readonly PriceResponseRow[],
  options: PriceResponseOptions,
  choke: number,
): string[] {
  const assumed = rows.filter(
    (r) => options.elasticities?.[r.element] === undefined && options.elasticities?.['default'] === undefined,
  );
  const beyond = rows.filter((r) => r.shortfallShare > LOCAL_SHORTFALL);
  const capped = rows.filter((r) => r.capped);
  const notes: string[] = [];
  if (assumed.length > 0)
    notes.push(
      `${assumed.map((r) => r.element).join(', ')}: elasticities are assumptions (demand ${DEFAULT_ELASTICITIES.demand}, ` +
        `supply ${DEFAULT_ELASTICITIES.supply}, short run), not measured values; pass your own to change them.`,
    );
  if (beyond.length > 0)
    notes.push(
      `${beyond.map((r) => `${r.element} (${(r.shortfallShare * 100).toFixed(1)}% of supply)`).join(', ')}: ` +
        `a net loss beyond the ${LOCAL_SHORTFALL * 100}% the constant-elasticity form is read for; take the change as an ` +
        'order of magnitude, beside the physical shortfall (metric vulnerability).',
    );
  if (capped.length > 0)
    notes.push(
      `${capped.map((r) => r.element).join(', ')}: capped at the choke price (${choke} × the reference price), where ` +
        'short-run demand is assumed to stop; without it the form has no market-clearing price near this loss.',
    );
  return notes;
}
