/** Pro rata to demand: each destination gets a share of supply proportional to what it wants. */
import type { AllocationPolicy } from './types.js';
import { fillProRata, toSinks } from './outlets.js';

/**
 * Ships to every open lane in proportion to its destination's want (order-up-to position minus
 * stock and transit), never more than wanted; surplus goes to sinks.
 *
 * @example createProRataPolicy(30) // nodes keep 30 days of requirement
 */
export function createProRataPolicy(keepSteps: number): AllocationPolicy {
  return {
    name: 'pro-rata',
    keepSteps,
    allocate(source, _index, amount, context) {
      toSinks(source, fillProRata(source.lanes, amount, context), context);
    },
  };
}
