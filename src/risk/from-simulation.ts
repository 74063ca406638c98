/** Converts a simulation result (its representative run's flows) into the flows view the metrics read. */
import type { MonteCarloResult, SimulatedFlows } from '../simulate/index.js';
import type { RiskNetwork } from './network.js';
import type { CapacityRecord, ConsumptionRecord, FlowsView, ProductionRecord, StockRecord } from './types.js';
import { definedFields } from '../defined-fields.js';

const DAYS_PER_YEAR = 365;

/**
 * The flows of a simulation as a flows view. A Monte Carlo result carries the flows of one
 * representative run (the lower-median run by system fill rate, `runMonteCarlo(…, { flows: true })`
 * or `reeflow simulate --out`); a `SimulatedFlows` of any traced run converts the same way.
 * Production and inputs are activity × the resolved recipe, shipments leave and arrive in the
 * periods the run moved them, capacity is nominal (capacity × availability × days simulated in the
 * period ÷ 365, on the reference flow). Simulations carry no costs: `cost` and `supplyCost` are 0.
 * `network` must be built from the model the simulation ran (scenario applied).
 *
 * @example const view = fromSimulation(result, createRiskNetwork(model));
 */
export function fromSimulation(result: MonteCarloResult | SimulatedFlows, network: RiskNetwork): FlowsView {
  const flows = 'activity' in result ? result : result.flows;
  if (!flows)
    throw new Error(
      'this simulation result has no flows; run it with flows (reeflow simulate --out, or runMonteCarlo with flows: true)',
    );
  const scenario = 'activity' in result ? undefined : result.scenario;
  const production: ProductionRecord[] = [];
  const consumption: ConsumptionRecord[] = [];
  for (const a of flows.activity) {
    const process = network.processes.get(a.process);
    if (!process || a.activity <= 0) continue;
    const base = {
      facility: process.facility.id,
      process: a.process,
      stage: process.stage,
      period: a.period,
    };
    for (const [material, perActivity] of Object.entries(process.outputs))
      if (perActivity > 0) production.push({ ...base, material, tonnes: a.activity * perActivity });
    for (const [material, perActivity] of Object.entries(process.inputs))
      if (perActivity > 0) consumption.push({ ...base, material, tonnes: a.activity * perActivity });
  }
  const days = new Map(flows.periods.map((p, i) => [p, flows.periodDays[i] ?? 0]));
  const activityOf = new Map(flows.activity.map((a) => [`${a.process}|${a.period}`, a.activity]));
  const capacities: CapacityRecord[] = [];
  for (const process of network.processes.values()) {
    // Projects' processes are not in the simulated network.
    if (!process.facility.processes.some((p) => p.id === process.process.id)) continue;
    for (const period of flows.periods) {
      const capacity =
        (process.process.capacity * process.process.availability * (days.get(period) ?? 0)) / DAYS_PER_YEAR;
      const throughput = (activityOf.get(`${process.key}|${period}`) ?? 0) * process.capacityPerActivity;
      if (capacity > 0 || throughput > 0)
        capacities.push({
          facility: process.facility.id,
          process: process.key,
          stage: process.stage,
          period,
          throughput,
          capacity,
        });
    }
  }
  const routes = new Map(network.model.routes.map((r) => [r.id, r]));
  const demands = new Map(network.model.demands.map((d) => [d.id, d]));
  const stockpiles = new Map(network.model.stockpiles.map((s) => [s.id, s]));
  const stocks: StockRecord[] = flows.stocks.map((s) => ({
    holder: `${s.node}|${s.material}`,
    kind: 'inventory',
    node: s.node,
    material: s.material,
    period: s.period,
    tonnes: s.tonnes,
  }));
  for (const row of flows.stockpiles) {
    const stockpile = stockpiles.get(row.stockpile);
    if (stockpile)
      stocks.push({
        holder: row.stockpile,
        kind: 'stockpile',
        node: stockpile.node,
        material: stockpile.material,
        period: row.period,
        tonnes: row.level,
        opening: stockpile.level,
      });
  }
  return {
    source: 'simulation',
    ...definedFields({ scenario }),
    status: `run ${flows.run} of seed ${flows.seed}`,
    periods: flows.periods,
    production,
    consumption,
    shipments: flows.shipments.flatMap((s) => {
      const route = routes.get(s.route);
      return route
        ? [
            {
              route: s.route,
              from: route.from,
              to: route.to,
              material: s.material,
              period: s.period,
              arrival: s.arrival,
              tonnes: s.tonnes,
            },
          ]
        : [];
    }),
    deliveries: flows.deliveries.flatMap((d) => {
      const demand = demands.get(d.demand);
      return demand
        ? [
            {
              demand: d.demand,
              node: demand.node,
              material: demand.material,
              period: d.period,
              required: d.required,
              served: d.served,
            },
          ]
        : [];
    }),
    stocks,
    sinks: flows.sinks.map((s) => ({
      node: s.node,
      material: s.material,
      period: s.period,
      tonnes: s.tonnes,
    })),
    capacities,
    cost: 0,
    supplyCost: 0,
  };
}
