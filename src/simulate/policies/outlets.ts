/** Helpers the allocation policies share: fill lanes by want, send the rest to sinks. */
import type { Source } from '../network.js';
import type { AllocationContext } from './types.js';

/** Fills the wants of `lanes` pro rata (never more than wanted); returns what is left of `amount`. */
export function fillProRata(lanes: readonly number[], amount: number, context: AllocationContext): number {
  let total = 0;
  for (const l of lanes)
    if (context.isOpen(l)) total += context.want[context.net.index.laneTarget[l] ?? 0] ?? 0;
  if (total <= 0 || amount <= 0) return amount;
  const share = Math.min(1, amount / total);
  let left = amount;
  for (const l of lanes) {
    if (!context.isOpen(l)) continue;
    const tonnes = (context.want[context.net.index.laneTarget[l] ?? 0] ?? 0) * share;
    context.laneOut[l] = (context.laneOut[l] ?? 0) + tonnes;
    left -= tonnes;
  }
  return Math.max(0, left);
}

/** Sends what is left to the source's sinks in order, within their room; returns what stays. */
export function toSinks(source: Source, amount: number, context: AllocationContext): number {
  let left = amount;
  for (const k of source.sinks) {
    if (left <= 0) break;
    const tonnes = Math.min(left, context.sinkRoom[k] ?? 0);
    context.sinkOut[k] = (context.sinkOut[k] ?? 0) + tonnes;
    left -= tonnes;
  }
  return left;
}
