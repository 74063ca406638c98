/**
 * The flows of one simulated run by period, keyed by the model's ids: what the risk metrics read
 * from a simulation. Built from a traced run (`Simulator.run(r, seed, { trace: true })`), so the
 * kernel pays nothing unless flows are asked for. Monte Carlo results carry the flows of one
 * representative run: the lower-median run by system fill rate.
 */
import type { RunSummary, Simulator } from './simulate.js';
import type { Trace } from './state.js';
import type { Network } from './network.js';
import type { SimulatedFlows } from './result.js';

export type { SimulatedFlows } from './result.js';

/** Sums `value` under `key` in a map of rows. */
function accumulate<R extends object>(
  rows: Map<string, R & { value: number }>,
  key: string,
  make: () => R,
  value: number,
): void {
  const row = rows.get(key);
  if (row) row.value += value;
  else rows.set(key, { ...make(), value });
}

/**
 * A traced run's flows by period. Closing stocks are replayed from the trace (initial stock,
 * arrivals, production, deliveries, shipments, sinks and stockpile moves), independently of the
 * kernel's own stock arrays.
 *
 * @example const flows = toSimulatedFlows(sim.net, sim.run(3, 42, { trace: true }), 42);
 */
export function toSimulatedFlows(
  net: Network,
  run: RunSummary & { trace?: Trace },
  seed: number,
): SimulatedFlows {
  const trace = run.trace;
  if (!trace) throw new Error('toSimulatedFlows needs a traced run (run(r, seed, { trace: true }))');
  const lastPeriod = net.periods.length - 1;
  const periodIndexOf = (step: number): number =>
    net.periodOfStep[Math.min(step, net.periodOfStep.length - 1)] ?? lastPeriod;
  const label = (index: number): string => net.periods[index] ?? '';
  const measured = new Map<number, number>();
  for (let step = trace.start; step < trace.end; step++)
    measured.set(periodIndexOf(step), (measured.get(periodIndexOf(step)) ?? 0) + net.stepDays);
  const order = [...measured.keys()].sort((a, b) => a - b);

  const activity = new Map<string, { process: string; period: string; value: number }>();
  for (const p of trace.production)
    accumulate(
      activity,
      `${p.process}|${periodIndexOf(p.step)}`,
      () => ({ process: p.process, period: label(periodIndexOf(p.step)) }),
      p.activity,
    );
  const routeOf = new Map(net.model.routes.map((r) => [r.id, r]));
  const shipments = new Map<
    string,
    { route: string; material: string; period: string; arrival: string; value: number }
  >();
  for (const s of trace.shipments) {
    if (s.returned) continue;
    const [from, to] = [periodIndexOf(s.step), periodIndexOf(s.arrival)];
    accumulate(
      shipments,
      `${s.route}|${s.material}|${from}|${to}`,
      () => ({ route: s.route, material: s.material, period: label(from), arrival: label(to) }),
      s.tonnes,
    );
  }
  const deliveries = new Map<string, { demand: string; period: string; required: number; value: number }>();
  for (const d of trace.served) {
    const t = periodIndexOf(d.step);
    const key = `${d.demand}|${t}`;
    accumulate(deliveries, key, () => ({ demand: d.demand, period: label(t), required: 0 }), d.tonnes);
    const row = deliveries.get(key);
    if (row) row.required += d.required;
  }
  const sinks = new Map<
    string,
    { sink: string; node: string; material: string; period: string; value: number }
  >();
  for (const s of trace.sunk) {
    const t = periodIndexOf(s.step);
    accumulate(
      sinks,
      `${s.sink}|${s.node}|${s.material}|${t}`,
      () => ({ sink: s.sink, node: s.node, material: s.material, period: label(t) }),
      s.tonnes,
    );
  }

  // Stock changes per (node|material) and period, then running sums at each period's end.
  const T = net.periods.length;
  const deltas = new Map<string, Float64Array>();
  const change = (node: string, material: string, step: number, tonnes: number): void => {
    if (step >= trace.end) return; // still in transit when the run ends
    const key = `${node}|${material}`;
    let row = deltas.get(key);
    if (!row) deltas.set(key, (row = new Float64Array(T)));
    const t = periodIndexOf(step);
    row[t] = (row[t] ?? 0) + tonnes;
  };
  for (const s of trace.initial) change(s.node, s.material, trace.start, s.tonnes);
  for (const p of trace.pending) change(p.node, p.material, p.arrival, p.tonnes);
  const recipes = new Map(net.processes.map((p) => [p.key, p]));
  const M = net.materials.length;
  const nmName = (nm: number): [string, string] => [
    net.nodes[Math.floor(nm / M)] ?? '',
    net.materials[nm % M] ?? '',
  ];
  for (const p of trace.production) {
    const recipe = recipes.get(p.process);
    if (!recipe) continue;
    recipe.inputs.forEach((nm, k) =>
      change(...nmName(nm), p.step, -p.activity * (recipe.inputAmounts[k] ?? 0)),
    );
    recipe.outputs.forEach((nm, k) =>
      change(...nmName(nm), p.step, p.activity * (recipe.outputAmounts[k] ?? 0)),
    );
  }
  for (const s of trace.shipments) {
    const route = routeOf.get(s.route);
    if (!route) continue;
    change(route.from, s.material, s.step, -s.tonnes);
    change(s.returned ? route.from : route.to, s.material, s.arrival, s.tonnes);
  }
  const demandOf = new Map(net.model.demands.map((d) => [d.id, d]));
  for (const d of trace.served) {
    const demand = demandOf.get(d.demand);
    if (demand) change(demand.node, demand.material, d.step, -d.tonnes);
  }
  for (const s of trace.sunk) change(s.node, s.material, s.step, -s.tonnes);
  const stockpileOf = new Map(net.stockpiles.map((s) => [s.id, s]));
  const stockpileDeltas = new Map<string, Float64Array>();
  for (const m of trace.stockpile) {
    const s = stockpileOf.get(m.stockpile);
    if (!s) continue;
    if (m.to === undefined) change(...nmName(s.nm), m.step, m.toNode);
    else change(m.to, net.materials[s.material] ?? '', m.arrival ?? m.step, m.toNode);
    let row = stockpileDeltas.get(s.id);
    if (!row) stockpileDeltas.set(s.id, (row = new Float64Array(T)));
    row[periodIndexOf(m.step)] = (row[periodIndexOf(m.step)] ?? 0) - m.toNode;
  }
  const stocks: SimulatedFlows['stocks'] = [];
  for (const [key, row] of deltas) {
    const [node = '', material = ''] = key.split('|');
    let level = 0;
    for (const t of order) {
      level += row[t] ?? 0;
      if (Math.abs(level) > 1e-9) stocks.push({ node, material, period: label(t), tonnes: level });
    }
  }
  const stockpiles: SimulatedFlows['stockpiles'] = net.stockpiles.flatMap((s) => {
    let level = s.level;
    return order.map((t) => ({
      stockpile: s.id,
      period: label(t),
      level: (level += stockpileDeltas.get(s.id)?.[t] ?? 0),
    }));
  });
  const required = run.required.reduce((a, b) => a + b, 0);
  const served = run.served.reduce((a, b) => a + b, 0);
  return {
    run: run.run,
    seed,
    fillRate: required > 0 ? served / required : 1,
    periods: order.map(label),
    periodDays: order.map((t) => measured.get(t) ?? 0),
    activity: [...activity.values()].map(({ value, ...r }) => ({ ...r, activity: value })),
    shipments: [...shipments.values()].map(({ value, ...r }) => ({ ...r, tonnes: value })),
    deliveries: [...deliveries.values()].map(({ value, ...r }) => ({ ...r, served: value })),
    sinks: [...sinks.values()].map(({ value, ...r }) => ({ ...r, tonnes: value })),
    stocks,
    stockpiles,
  };
}

/** The lower-median run by system fill rate (ties: the lower run index): a real run, chosen deterministically. */
export function representativeRun(summaries: readonly RunSummary[]): RunSummary | undefined {
  const fill = (r: RunSummary): number => {
    const required = r.required.reduce((a, b) => a + b, 0);
    return required > 0 ? r.served.reduce((a, b) => a + b, 0) / required : 1;
  };
  const ranked = [...summaries].sort((a, b) => fill(a) - fill(b) || a.run - b.run);
  return ranked[Math.floor((ranked.length - 1) / 2)];
}

/** Re-runs the representative replication with a trace (runs are pure functions of seed and index) and returns its flows. */
export function representativeFlows(
  simulator: Simulator,
  summaries: readonly RunSummary[],
  seed: number,
): SimulatedFlows | undefined {
  const chosen = representativeRun(summaries);
  return chosen === undefined
    ? undefined
    : toSimulatedFlows(simulator.net, simulator.run(chosen.run, seed, { trace: true }), seed);
}
