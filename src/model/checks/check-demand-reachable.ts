/**
 * Every demand should be servable: its material must be producible by some chain of processes
 * upstream of its node along routes that allow it (`DEMAND_UNREACHABLE`). A demand only a
 * stockpile or a substitute can serve is a warning; one nothing can serve is an error.
 */
import type { Model } from '../model.js';
import type { Issue } from '../issues.js';
import { toIssue, type CheckContext } from './context.js';

const key = (node: string, material: string): string => `${node}\u0000${material}`;

/** Groups items by a key (Map.groupBy needs Node 21); appends in place, so linear in the items. */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/**
 * The (node, material) pairs that can hold material: where a process can run (all its inputs
 * available there) and everywhere routes carry its outputs; stockpiles seed it when asked.
 * A worklist over processes and routes, so chains of any depth are followed in linear time.
 */
function findAvailable(model: Model, context: CheckContext, withStockpiles: boolean): Set<string> {
  const available = new Set<string>();
  const queue: [string, string][] = [];
  const add = (node: string, material: string): void => {
    if (available.has(key(node, material))) return;
    available.add(key(node, material));
    queue.push([node, material]);
  };
  const routesFrom = groupBy(model.routes, (route) => route.from);
  const processesAt = groupBy(context.processes, ({ resolved }) => resolved.facility.id);
  if (withStockpiles) for (const s of model.stockpiles) add(s.node, s.material);
  for (const { resolved } of context.processes) {
    if (Object.keys(resolved.inputs).length === 0)
      for (const m of Object.keys(resolved.outputs)) add(resolved.facility.id, m);
  }
  for (let next = queue.pop(); next; next = queue.pop()) {
    const [node, material] = next;
    for (const route of routesFrom.get(node) ?? []) {
      if (route.materials === undefined || route.materials.includes(material)) add(route.to, material);
    }
    for (const { resolved } of processesAt.get(node) ?? []) {
      if (
        material in resolved.inputs &&
        Object.keys(resolved.inputs).every((m) => available.has(key(node, m)))
      ) {
        for (const m of Object.keys(resolved.outputs)) add(node, m);
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
      issues.push(
        toIssue(
          'DEMAND_UNREACHABLE',
          'warning',
          ['demands', i, 'material'],
          `${what}; only a stockpile can serve it, until it runs out.`,
          fix,
        ),
      );
      return;
    }
    const substitute = demand.substitutes.find((s) => stocked.has(key(demand.node, s.material)));
    if (substitute) {
      issues.push(
        toIssue(
          'DEMAND_UNREACHABLE',
          'warning',
          ['demands', i, 'material'],
          `${what}; only its substitute '${substitute.material}' can serve it.`,
          fix,
        ),
      );
      return;
    }
    issues.push(
      toIssue(
        'DEMAND_UNREACHABLE',
        'error',
        ['demands', i, 'material'],
        `${what}, so all of it will go unmet.`,
        fix,
      ),
    );
  });
  return issues;
}
