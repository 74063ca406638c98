/**
 * Invariants of a simulation run, recomputed from its trace independently of the kernel: recipes
 * come from the model (resolveProcesses), lead times from its routes. Checked: every stock stays
 * non-negative after each process and phase of each step (nothing is shipped, consumed or served before it
 * exists), every arrival is at least the route's lead time after departure, and stocks replayed
 * from the trace (initial + arrivals + produced + released − consumed − shipped − served − sunk)
 * end where the kernel ended.
 */
import { resolveProcesses, type Model } from '../model/core.js';
import type { Trace } from './state.js';

export interface RunViolation {
  code: 'SIM_NEGATIVE_STOCK' | 'SIM_EARLY_ARRIVAL' | 'SIM_FINAL_STOCK' | 'SIM_UNKNOWN_ID';
  message: string;
}

/** Checks a traced run; returns every violation (empty when the run is sound). */
export function checkRun(
  model: Model,
  trace: Trace,
  options: { stepDays?: number; tolerance?: number } = {},
): RunViolation[] {
  const stepDays = options.stepDays ?? 1;
  const tolerance = options.tolerance ?? 1e-6;
  const recipes = new Map(resolveProcesses(model).map((p) => [p.key, p]));
  const routes = new Map(model.routes.map((r) => [r.id, r]));
  const demands = new Map(model.demands.map((d) => [d.id, d]));
  const stockpiles = new Map(model.stockpiles.map((s) => [s.id, s]));
  const stock = new Map<string, number>();
  const key = (node: string, material: string): string => `${node}|${material}`;
  const add = (k: string, tonnes: number): void => void stock.set(k, (stock.get(k) ?? 0) + tonnes);
  const violations: RunViolation[] = [];
  const checkAll = (step: number, phase: string): void => {
    for (const [k, v] of stock)
      if (v < -tolerance)
        violations.push({
          code: 'SIM_NEGATIVE_STOCK',
          message: `step ${step}, ${phase}: stock ${k} is ${v}`,
        });
  };
  for (const s of trace.initial) add(key(s.node, s.material), s.tonnes);
  const arrivals = new Map<number, { k: string; tonnes: number }[]>();
  const arriveAt = (step: number, k: string, tonnes: number): void =>
    void arrivals.set(step, [...(arrivals.get(step) ?? []), { k, tonnes }]);
  for (const p of trace.pending) arriveAt(p.arrival, key(p.node, p.material), p.tonnes);
  for (const m of trace.stockpile) {
    const s = stockpiles.get(m.stockpile);
    if (s && m.to !== undefined) arriveAt(m.arrival ?? m.step, key(m.to, s.material), m.toNode);
  }
  for (const s of trace.shipments) {
    const route = routes.get(s.route);
    if (!route) {
      violations.push({ code: 'SIM_UNKNOWN_ID', message: `shipment on unknown route ${s.route}` });
      continue;
    }
    if (!s.returned && s.arrival - s.step < Math.round(route.leadTime / stepDays)) {
      violations.push({
        code: 'SIM_EARLY_ARRIVAL',
        message: `${s.tonnes} t of ${s.material} on ${s.route} left at step ${s.step} and arrived at ${s.arrival}, before its lead time of ${route.leadTime} days`,
      });
    }
    arriveAt(s.arrival, key(s.returned ? route.from : route.to, s.material), s.tonnes);
  }
  const byStep = <T extends { step: number }>(rows: readonly T[]): Map<number, T[]> => {
    const out = new Map<number, T[]>();
    for (const r of rows) out.set(r.step, [...(out.get(r.step) ?? []), r]);
    return out;
  };
  const production = byStep(trace.production);
  const shipments = byStep(trace.shipments);
  const served = byStep(trace.served);
  const sunk = byStep(trace.sunk);
  const moves = byStep(trace.stockpile);
  for (let step = trace.start; step < trace.end; step++) {
    for (const a of arrivals.get(step) ?? []) add(a.k, a.tonnes);
    const stockMoves = moves.get(step) ?? [];
    for (const m of stockMoves)
      if (m.toNode > 0 && m.to === undefined) {
        const s = stockpiles.get(m.stockpile);
        if (s) add(key(s.node, s.material), m.toNode);
      }
    // Processes run in model order; each takes its inputs before the next one starts.
    for (const p of production.get(step) ?? []) {
      const recipe = recipes.get(p.process);
      if (!recipe) {
        violations.push({ code: 'SIM_UNKNOWN_ID', message: `production by unknown process ${p.process}` });
        continue;
      }
      for (const [m, a] of Object.entries(recipe.inputs)) add(key(recipe.facility.id, m), -p.activity * a);
      checkAll(step, `inputs of ${p.process}`);
      for (const [m, a] of Object.entries(recipe.outputs)) add(key(recipe.facility.id, m), p.activity * a);
    }
    for (const d of served.get(step) ?? []) {
      const demand = demands.get(d.demand);
      if (demand) add(key(demand.node, demand.material), -d.tonnes);
    }
    checkAll(step, 'demand');
    for (const m of stockMoves)
      if (m.toNode < 0) {
        const s = stockpiles.get(m.stockpile);
        if (s) add(key(s.node, s.material), m.toNode);
      }
    for (const s of shipments.get(step) ?? []) {
      const route = routes.get(s.route);
      if (route) add(key(route.from, s.material), -s.tonnes);
    }
    for (const s of sunk.get(step) ?? []) add(key(s.node, s.material), -s.tonnes);
    checkAll(step, 'shipping');
  }
  const final = new Map(trace.final.map((s) => [key(s.node, s.material), s.tonnes]));
  for (const k of new Set([...stock.keys(), ...final.keys()])) {
    const replayed = stock.get(k) ?? 0;
    const reported = final.get(k) ?? 0;
    if (Math.abs(replayed - reported) > tolerance * Math.max(1, Math.abs(reported))) {
      violations.push({
        code: 'SIM_FINAL_STOCK',
        message: `stock ${k}: replayed ${replayed} t, kernel ended with ${reported} t`,
      });
    }
  }
  return violations.slice(0, 50);
}
