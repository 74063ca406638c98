/** Priority lists: destinations in listed jurisdictions are served first (by default, domestic first). */
import type { Network } from '../network.js';
import type { AllocationPolicy } from './types.js';
import { fillProRata, toSinks } from './outlets.js';

/**
 * Fills wants rank by rank: rank = position of the destination's jurisdiction in `order`
 * (unlisted last); without an order, destinations in the source's own country come first.
 * Within a rank, pro rata. Surplus goes to sinks.
 *
 * @example createPriorityPolicy(net, 30, ['JP', 'US'])
 */
export function createPriorityPolicy(
  net: Network,
  keepSteps: number,
  order?: readonly string[],
): AllocationPolicy {
  const rankOf = (lane: number): number => {
    const l = net.lanes[lane];
    const route = net.routes[l?.route ?? 0];
    const from = net.nodeJurisdiction[route?.from ?? 0] ?? '';
    const to = net.nodeJurisdiction[route?.to ?? 0] ?? '';
    if (!order) return net.tree.root(from) === net.tree.root(to) ? 0 : 1;
    const index = order.findIndex((j) => net.tree.within(to, j));
    return index < 0 ? order.length : index;
  };
  // Lanes of each source grouped by rank, best first; computed once.
  const groups = net.sources.map((source) => {
    const byRank = new Map<number, number[]>();
    for (const l of source.lanes) byRank.set(rankOf(l), [...(byRank.get(rankOf(l)) ?? []), l]);
    return [...byRank].sort((a, b) => a[0] - b[0]).map(([, lanes]) => lanes);
  });
  return {
    name: 'priority',
    keepSteps,
    allocate(source, index, amount, context) {
      let left = amount;
      for (const lanes of groups[index] ?? []) left = fillProRata(lanes, left, context);
      toSinks(source, left, context);
    },
  };
}
