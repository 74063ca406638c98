import type { Objective } from '../options.js';
import { isFacilityWithin, type PlanContext } from './context.js';

const DEFAULT_UNMET_WEIGHT = 1e4;

/**
 * t REO that each shipment carries out of jurisdiction J (origin inside J, destination outside):
 * the measure the `dependence` objective minimises.
 */
export function dependenceCoefficients(context: PlanContext, jurisdiction: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const f of context.flows) {
    if (
      !isFacilityWithin(context, f.route.from, jurisdiction) ||
      isFacilityWithin(context, f.route.to, jurisdiction)
    )
      continue;
    const reo = context.reo.get(f.material) ?? 0;
    if (reo > 0) out.set(f.column, reo);
  }
  return out;
}

/**
 * The objective, assembled from the recorded cost terms, emissions and dependence:
 * - cost: `Σ cost terms` (operating, transport, holding, unmet, substitution, −sales, disposal,
 *   tariff, carbon, capital, fixed opex);
 * - emissions: `Σ tCO2e + unmetWeight · Σ unmet`;
 * - dependence:J: `Σ t REO shipped out of J + unmetWeight · Σ unmet`;
 * - weighted: `w_cost · cost + w_em · tCO2e + w_dep · t REO out of J`.
 */
export function defineObjective(context: PlanContext, objective: Objective): void {
  const { builder } = context;
  const unmetWeight = context.options.unmetWeight ?? DEFAULT_UNMET_WEIGHT;
  const costWeight = objective.kind === 'cost' ? 1 : objective.kind === 'weighted' ? objective.cost : 0;
  const emissionsWeight =
    objective.kind === 'emissions' ? 1 : objective.kind === 'weighted' ? objective.emissions : 0;
  const dependence =
    objective.kind === 'dependence'
      ? { jurisdiction: objective.jurisdiction, weight: 1 }
      : objective.kind === 'weighted'
        ? objective.dependence
        : undefined;
  const ledger = context.costTerms;
  if (costWeight > 0)
    for (let k = 0; k < ledger.size; k++)
      builder.addCost(ledger.columns[k] ?? 0, costWeight * (ledger.coefficients[k] ?? 0));
  if (emissionsWeight > 0)
    for (const [column, tco2e] of context.emissions) builder.addCost(column, emissionsWeight * tco2e);
  if (dependence && dependence.weight > 0) {
    for (const [column, reo] of dependenceCoefficients(context, dependence.jurisdiction))
      builder.addCost(column, dependence.weight * reo);
  }
  if (objective.kind === 'emissions' || objective.kind === 'dependence') {
    for (const columns of context.unmet.values())
      for (const column of columns) builder.addCost(column, unmetWeight);
  }
}

/** The cost objective's coefficient of every column (sales negative): the tie-break after another objective. */
export function costCoefficients(context: PlanContext, columns: number): Float64Array {
  const cost = new Float64Array(columns);
  const ledger = context.costTerms;
  for (let k = 0; k < ledger.size; k++) {
    const column = ledger.columns[k] ?? 0;
    cost[column] = (cost[column] ?? 0) + (ledger.coefficients[k] ?? 0);
  }
  return cost;
}
