import { routeEmissions, type Model, type ResolvedProcess } from '../../model/index.js';
import type { Term } from '../../solver/problem.js';
import {
  addCostTerm,
  addTermAt,
  balanceTermsOf,
  addEmissions,
  addNamedRow,
  type FlowLane,
  type PlanContext,
} from './context.js';
import { licenceDelay } from './export-controls.js';
import { createNodeMaterials, propagateAlongRoutes } from './route-propagation.js';

/**
 * Materials worth bringing to each facility: what its processes consume, its demands and
 * substitutes need, its sinks, storage and stockpiles take, and, to a fixed point, what a route
 * can carry on to a facility where it is worth having. Flows are only created where useful.
 */
export function findUsefulMaterials(
  model: Model,
  processes: readonly ResolvedProcess[],
): Map<string, Set<string>> {
  const useful = createNodeMaterials(model);
  const at = useful.at;
  for (const p of processes) for (const m of Object.keys(p.inputs)) at(p.facility.id).add(m);
  for (const project of model.projects) {
    for (const m of Object.keys(project.process?.inputs ?? {})) at(project.facility).add(m);
    if (project.process?.separation) at(project.facility).add(project.process.separation.feed);
  }
  for (const d of model.demands) {
    at(d.node).add(d.material);
    for (const s of d.substitutes) at(d.node).add(s.material);
  }
  for (const s of model.sinks) {
    if (s.node !== undefined) at(s.node).add(s.material);
    else for (const f of model.facilities) at(f.id).add(s.material);
  }
  for (const f of model.facilities) for (const m of Object.keys(f.storage)) at(f.id).add(m);
  for (const s of model.stockpiles) at(s.node).add(s.material);
  propagateAlongRoutes(model, useful, 'upstream');
  return useful.sets;
}

/**
 * Shipments `f[r,m,t] ≥ 0` of material m on route r departing in period t, for materials that can
 * be at the origin and are useful at the destination. They leave the origin's balance in t and
 * enter the destination's in `t + lead[r]` (plus any licence delay); shipments that would arrive
 * after the horizon are not created. Cost: `cost[r]·f`; emissions: `emissions[r]·f`.
 */
export function defineFlows(context: PlanContext): void {
  const useful = findUsefulMaterials(context.model, context.processes);
  const suffixes = context.periods.map((p) => `${p}]`);
  const licences = context.model.policies.some((p) => p.kind === 'export-control' && p.mode === 'license');
  for (const route of context.model.routes) {
    const lead = context.leadPeriods.get(route.id) ?? 0;
    const wanted = useful.get(route.to) ?? new Set<string>();
    for (const material of context.present.get(route.from) ?? []) {
      if (!wanted.has(material)) continue;
      if (route.materials !== undefined && !route.materials.includes(material)) continue;
      const prefix = `flow[${route.id},${material},`;
      // The two balances this material's shipments leave and enter, looked up at the first shipment.
      let leaving: number[][] | undefined;
      let entering: number[][] | undefined;
      const lane = {
        route,
        material,
        first: context.builder.numColumns,
        periods: [] as number[],
        arrivals: [] as number[],
      };
      const emissions = routeEmissions(route);
      for (let t = 0; t < context.periods.length; t++) {
        const arrival = t + lead + (licences ? licenceDelay(context, route, material, t) : 0);
        if (arrival >= context.periods.length) continue;
        const column = context.builder.addColumn(prefix + suffixes[t]);
        addCostTerm(context, column, 'transport', route.cost);
        addEmissions(context, column, emissions);
        leaving ??= balanceTermsOf(context, route.from, material);
        entering ??= balanceTermsOf(context, route.to, material);
        addTermAt(leaving, t, column, -1);
        addTermAt(entering, arrival, column, 1);
        lane.periods.push(t);
        lane.arrivals.push(arrival);
      }
      if (lane.periods.length > 0) context.flowLanes.push(lane);
    }
  }
}

/**
 * Route capacity per period, over all materials: `Σ_m f[r,m,t] ≤ (capacity[r] + Σ_j added[j]·b[j]) · months/12`,
 * with an infrastructure project's added capacity from the period it comes online.
 */
export function defineRouteCapacity(context: PlanContext): void {
  const upgrades = [...context.projects.values()].filter((j) => j.project.route?.capacity !== undefined);
  const lanesOf = new Map<string, FlowLane[]>();
  for (const lane of context.flowLanes) {
    if (lane.route.capacity === undefined) continue;
    const lanes = lanesOf.get(lane.route.id);
    if (lanes) lanes.push(lane);
    else lanesOf.set(lane.route.id, [lane]);
  }
  for (const route of context.model.routes) {
    const routeUpgrades = upgrades.filter((j) => j.project.route?.id === route.id);
    if (route.capacity === undefined) continue;
    for (let t = 0; t < context.periods.length; t++) {
      const terms: Term[] = [];
      for (const { first, periods } of lanesOf.get(route.id) ?? []) {
        const k = periods.indexOf(t);
        if (k >= 0) terms.push([first + k, 1]);
      }
      if (terms.length === 0) continue;
      for (const j of routeUpgrades) {
        if (t >= j.onlinePeriod && j.column !== undefined)
          terms.push([j.column, -(j.project.route?.capacity ?? 0) * context.yearFraction]);
      }
      addNamedRow(
        context,
        { kind: 'route-capacity', id: route.id, period: context.periods[t] ?? '', unit: 't' },
        terms,
        {
          upper: route.capacity * context.yearFraction,
        },
      );
    }
  }
}
