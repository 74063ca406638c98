/**
 * Every demand should be servable: its material must be producible by some chain of processes
 * upstream of its node along routes that allow it (`DEMAND_UNREACHABLE`). A demand only a
 * stockpile or a substitute can serve is a warning; one nothing can serve is an error.
 */
import type { Model } from '../model.js';
import type { Issue } from '../issues.js';
import { toIssue, type CheckContext } from './context.js';

const key = (node: string, material: string): string => `${node}\u0000${material}`;

/**
 * The (node, material) pairs that can hold material: where a process can run (all its inputs
 * available there) and everywhere routes carry its outputs; stockpiles seed it when asked.
 * A fixed point over processes and routes, so chains of any depth are followed.
 */
function findAvailable(model: Model, context: CheckContext, withStockpiles: boolean): Set<string> {
  const available = new Set<string>();
  if (withStockpiles) for (const s of model.stockpiles) available.add(key(s.node, s.material));
  let changed = true;
  while (changed) {
    changed = false;
    const add = (node: string, material: string): void => {
      if (available.has(key(node, material))) return;
      available.add(key(node, material));
      changed = true;
    };
    for (const { resolved } of context.processes) {
      const node = resolved.facility.id;
      if (Object.keys(resolved.inputs).every((m) => available.has(key(node, m)))) {
        for (const m of Object.keys(resolved.outputs)) add(node, m);
      }
    }
    for (const route of model.routes) {
      for (const entry of available) {
        const [node, material] = entry.split('\u0000') as [string, string];
        if (node === route.from && (route.materials === undefined || route.materials.includes(material))) add(route.to, material);
      }
    }
  }
  return available;
}

/** Checks that each demand's material can reach its node. */
export function checkDemandReachable(model: Model, context: CheckContext): Issue[] {
  if (model.demands.length === 0) return [];
  const produced = findAvailable(model, context, false);
  const stocked = model.stockpiles.length > 0 ? findAvailable(model, context, true) : produced;
  const issues: Issue[] = [];
  model.demands.forEach((demand, i) => {
    if (produced.has(key(demand.node, demand.material))) return;
    const what = `demand '${demand.id}': no chain of processes and routes brings '${demand.material}' to '${demand.node}'`;
    const fix = `add a process that outputs '${demand.material}' upstream of '${demand.node}', or a route from a facility that has it (check the routes' materials lists).`;
    if (stocked.has(key(demand.node, demand.material))) {
      issues.push(toIssue('DEMAND_UNREACHABLE', 'warning', ['demands', i, 'material'], `${what}; only a stockpile can serve it, until it runs out.`, fix));
      return;
    }
    const substitute = demand.substitutes.find((s) => stocked.has(key(demand.node, s.material)));
    if (substitute) {
      issues.push(
        toIssue('DEMAND_UNREACHABLE', 'warning', ['demands', i, 'material'], `${what}; only its substitute '${substitute.material}' can serve it.`, fix),
      );
      return;
    }
    issues.push(toIssue('DEMAND_UNREACHABLE', 'error', ['demands', i, 'material'], `${what}, so all of it will go unmet.`, fix));
  });
  return issues;
}
