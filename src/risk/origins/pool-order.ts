/**
 * The order in which one period's pools are mixed: topological over the same-period links (a
 * shipment from a pool, a process consuming from a pool), with the pools on a same-period cycle
 * (scrap recycled back into alloy) appended; those are swept a few times.
 */
import { pushTo, type PoolSource, type ProcessInput } from './flows.js';

/**
 * Orders the pools of one period so each is mixed after the pools it draws from.
 *
 * @example orderPools(flows.poolSources[t], flows.processInputs[t]) // { order: [0, 2, 1], cyclic: false }
 */
export function orderPools(
  sources: ReadonlyMap<number, readonly PoolSource[]>,
  inputs: ReadonlyMap<number, readonly ProcessInput[]>,
): { order: number[]; cyclic: boolean } {
  const deps = new Map<number, Set<number>>();
  for (const [target, list] of sources) {
    const set = deps.get(target) ?? new Set<number>();
    for (const s of list) {
      if (s.kind === 'pool') set.add(s.ref);
      else if (s.kind === 'process') for (const input of inputs.get(s.ref) ?? []) set.add(input.pool);
    }
    set.delete(target);
    deps.set(target, set);
  }
  const dependents = new Map<number, number[]>();
  const remaining = new Map<number, number>();
  for (const [target, set] of deps) {
    remaining.set(target, set.size);
    for (const d of set) pushTo(dependents, d, target);
  }
  const queue: number[] = [];
  for (const [target, count] of remaining) if (count === 0) queue.push(target);
  const order: number[] = [];
  // Pools with no sources this period (only carried stock) come first.
  for (const d of dependents.keys()) if (!deps.has(d)) queue.push(d);
  const done = new Set<number>();
  while (queue.length > 0) {
    const next = queue.shift() as number;
    if (done.has(next)) continue;
    done.add(next);
    order.push(next);
    for (const dep of dependents.get(next) ?? []) {
      const left = (remaining.get(dep) ?? 0) - 1;
      remaining.set(dep, left);
      if (left === 0) queue.push(dep);
    }
  }
  const rest = [...deps.keys()].filter((p) => !done.has(p));
  return { order: rest.length > 0 ? [...order, ...rest] : order, cyclic: rest.length > 0 };
}
