/** Converts a plan result into the flows view the metrics read. */
import type { PlanResult } from '../plan/index.js';
import type { RiskNetwork } from './network.js';
import type { FlowsView, ConsumptionRecord, StockRecord } from './types.js';

/**
 * The flows of a plan as a flows view: process outputs and inputs (inputs = activity × the resolved
 * recipe's inputs per unit of activity), shipments, deliveries, inventories and stockpiles.
 *
 * @example const view = fromPlanResult(result, createRiskNetwork(model));
 */
export function fromPlanResult(result: PlanResult, network: RiskNetwork): FlowsView {
  const consumption: ConsumptionRecord[] = [];
  for (const a of result.activity) {
    const process = network.processes.get(a.process);
    if (!process || a.activity <= 0) continue;
    for (const [material, perActivity] of Object.entries(process.inputs)) {
      if (perActivity <= 0) continue;
      consumption.push({
        facility: a.facility,
        process: a.process,
        stage: a.stage,
        material,
        period: a.period,
        tonnes: a.activity * perActivity,
      });
    }
  }
  const stocks: StockRecord[] = result.inventories.map((r) => ({
    holder: `${r.node}|${r.material}`,
    kind: 'inventory',
    node: r.node,
    material: r.material,
    period: r.period,
    tonnes: r.tonnes,
  }));
  for (const row of result.stockpiles) {
    const stockpile = network.model.stockpiles.find((s) => s.id === row.stockpile);
    if (!stockpile) continue;
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
    source: 'plan',
    ...(result.scenario === undefined ? {} : { scenario: result.scenario }),
    status: result.status,
    periods: result.periods,
    production: result.production.map((p) => ({
      facility: p.facility,
      process: p.process,
      stage: p.stage,
      material: p.material,
      period: p.period,
      tonnes: p.tonnes,
    })),
    consumption,
    shipments: result.flows.map((f) => ({
      route: f.route,
      from: f.from,
      to: f.to,
      material: f.material,
      period: f.period,
      arrival: f.arrival,
      tonnes: f.tonnes,
    })),
    deliveries: result.demand.map((d) => ({
      demand: d.demand,
      node: d.node,
      material: d.material,
      period: d.period,
      required: d.required,
      served: d.served,
    })),
    stocks,
    sinks: result.sinks.map((s) => ({
      node: s.node,
      material: s.material,
      period: s.period,
      tonnes: s.tonnes,
    })),
    capacities: result.activity.map((a) => ({
      facility: a.facility,
      process: a.process,
      stage: a.stage,
      period: a.period,
      throughput: a.throughput,
      capacity: a.capacity,
    })),
    cost: result.costs.total,
    supplyCost: result.costs.total - result.costs.unmet,
  };
}
