/** Plan-guided: ship in the proportions of a plan result's flows and sink use, period by period. */
import type { PlanFlows } from '../plan-flows.js';
import type { Network } from '../network.js';
import type { AllocationPolicy } from './types.js';

/**
 * Shares per source and period over its outlets (lanes, then sinks), from the plan's tonnes.
 * Closed outlets' shares go to the open ones; a stock whose planned outlets are all closed, or
 * that the plan never ships, is held.
 *
 * @example createPlanGuidedPolicy(net, await plan(model, { solver }))
 */
export function createPlanGuidedPolicy(net: Network, result: PlanFlows): AllocationPolicy {
  const T = net.periods.length;
  const periodOf = new Map(result.periods.map((p, t) => [p, t]));
  const slotOfLane = new Map<string, [number, number]>();
  const slotOfSink = new Map<string, [number, number]>();
  net.sources.forEach((source, s) => {
    source.lanes.forEach((l, i) => {
      const lane = net.lanes[l];
      if (lane) slotOfLane.set(`${net.routes[lane.route]?.id}|${net.materials[lane.material]}`, [s, i]);
    });
    source.sinks.forEach((k, i) =>
      slotOfSink.set(`${net.sinks[k]?.id}|${net.nodes[source.node]}`, [s, source.lanes.length + i]),
    );
  });
  const shares = net.sources.map(
    (source) => new Float64Array(T * (source.lanes.length + source.sinks.length)),
  );
  const add = (slot: [number, number] | undefined, period: string, tonnes: number): void => {
    const t = periodOf.get(period);
    if (!slot || t === undefined || t >= T) return;
    const [s, i] = slot;
    const width = (net.sources[s]?.lanes.length ?? 0) + (net.sources[s]?.sinks.length ?? 0);
    const row = shares[s];
    if (row) row[t * width + i] = (row[t * width + i] ?? 0) + tonnes;
  };
  for (const f of result.flows) add(slotOfLane.get(`${f.route}|${f.material}`), f.period, f.tonnes);
  for (const k of result.sinks) add(slotOfSink.get(`${k.sink}|${k.node}`), k.period, k.tonnes);
  // The outlets the plan uses, per source and period: [first, end) into `used` (outlet index) and
  // `planned` (tonnes); outlets the plan never uses add nothing to the total and get nothing.
  const first = net.sources.map(() => new Int32Array(T + 1));
  const usedList: number[] = [];
  const plannedList: number[] = [];
  net.sources.forEach((source, s) => {
    const row = shares[s] as Float64Array;
    const width = source.lanes.length + source.sinks.length;
    const offsets = first[s] as Int32Array;
    for (let t = 0; t < T; t++) {
      offsets[t] = usedList.length;
      for (let i = 0; i < width; i++) {
        const tonnes = row[t * width + i] ?? 0;
        if (tonnes === 0) continue;
        usedList.push(i);
        plannedList.push(tonnes);
      }
    }
    offsets[T] = usedList.length;
  });
  const used = Int32Array.from(usedList);
  let widest = 0;
  for (const offsets of first)
    for (let t = 0; t < T; t++) widest = Math.max(widest, (offsets[t + 1] ?? 0) - (offsets[t] ?? 0));
  const isOpen = new Uint8Array(widest);
  const planned = Float64Array.from(plannedList);
  return {
    name: 'plan',
    keepSteps: 1,
    allocate(source, index, amount, context) {
      const offsets = first[index];
      if (!offsets) return;
      const lanes = source.lanes.length;
      const from = offsets[context.period] as number;
      const to = offsets[context.period + 1] as number;
      let total = 0;
      // Nothing ships while the policy decides, so whether a lane is open is asked once per lane.
      for (let j = from; j < to; j++) {
        const i = used[j] as number;
        const open =
          i < lanes
            ? context.isOpen(source.lanes[i] ?? 0)
            : (context.sinkRoom[source.sinks[i - lanes] ?? 0] ?? 0) > 0;
        isOpen[j - from] = open ? 1 : 0;
        if (open) total += planned[j] as number;
      }
      if (total <= 0) return;
      for (let j = from; j < to; j++) {
        const i = used[j] as number;
        const share = (planned[j] as number) / total;
        if (share <= 0) continue;
        if (i < lanes) {
          const l = source.lanes[i] ?? 0;
          if (isOpen[j - from] === 1) context.laneOut[l] = amount * share;
        } else {
          const k = source.sinks[i - lanes] ?? 0;
          context.sinkOut[k] = Math.min(amount * share, context.sinkRoom[k] ?? 0);
        }
      }
    },
  };
}
