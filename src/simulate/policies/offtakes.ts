/**
 * Offtake agreements as an allocation priority: whatever policy splits a producer's stock, at
 * least `share` of what it ships of a covered material goes to the bloc's members that want it,
 * taken first from what was left unallocated, then from non-member lanes and sinks pro rata.
 * A share the members do not want this step is not held back.
 */
import { activePeriods, resolveOfftake } from '../../model/core.js';
import type { Network } from '../network.js';
import type { AllocationContext, AllocationPolicy } from './types.js';

interface Reservation {
  share: number;
  first: number;
  last: number;
  /** Lanes of the source to members, and the rest. */
  members: number[];
  others: number[];
}

function compileReservations(net: Network): Map<number, Reservation[]> {
  const out = new Map<number, Reservation[]>();
  const M = net.materials.length;
  for (const policy of net.model.policies) {
    if (policy.kind !== 'offtake') continue;
    const scope = resolveOfftake(net.model, net.contents, policy);
    const [first, last] = activePeriods(net.model.horizon, policy);
    net.sources.forEach((source, index) => {
      if (!scope.producers.has(net.nodes[source.node] ?? '')) return;
      if (!scope.covers(net.materials[source.material] ?? '')) return;
      const isMember = (l: number): boolean =>
        scope.recipients.has(net.nodes[Math.floor((net.index.laneTarget[l] ?? 0) / M)] ?? '');
      const members = source.lanes.filter(isMember);
      if (members.length === 0) return;
      const reservation = {
        share: policy.share,
        first,
        last,
        members,
        others: source.lanes.filter((l) => !isMember(l)),
      };
      out.set(index, [...(out.get(index) ?? []), reservation]);
    });
  }
  return out;
}

/** Wraps a policy so that offtake shares are honoured; the policy itself when the model has none. */
export function withOfftakes(net: Network, policy: AllocationPolicy): AllocationPolicy {
  const reservations = compileReservations(net);
  if (reservations.size === 0) return policy;
  return {
    name: policy.name,
    keepSteps: policy.keepSteps,
    allocate(source, sourceIndex, amount, context) {
      policy.allocate(source, sourceIndex, amount, context);
      for (const r of reservations.get(sourceIndex) ?? []) {
        if (context.period >= r.first && context.period <= r.last) reserve(r, source.sinks, amount, context);
      }
    },
  };
}

function reserve(r: Reservation, sinks: readonly number[], amount: number, context: AllocationContext): void {
  const { laneOut, sinkOut, want } = context;
  const open = r.members.filter((l) => context.isOpen(l));
  const target = context.net.index.laneTarget;
  const wanted = open.reduce((a, l) => a + (want[target[l] ?? 0] ?? 0), 0);
  const given = r.members.reduce((a, l) => a + (laneOut[l] ?? 0), 0);
  let need = Math.min(r.share * amount, wanted) - given;
  if (need <= 1e-9 || wanted <= 0) return;
  const others =
    r.others.reduce((a, l) => a + (laneOut[l] ?? 0), 0) + sinks.reduce((a, k) => a + (sinkOut[k] ?? 0), 0);
  const free = Math.max(0, amount - given - others);
  const fromOthers = Math.min(others, Math.max(0, need - free));
  need = Math.min(need, free + fromOthers);
  if (fromOthers > 0) {
    const keep = 1 - fromOthers / others;
    for (const l of r.others) laneOut[l] = (laneOut[l] ?? 0) * keep;
    for (const k of sinks) sinkOut[k] = (sinkOut[k] ?? 0) * keep;
  }
  for (const l of open) laneOut[l] = (laneOut[l] ?? 0) + (need * (want[target[l] ?? 0] ?? 0)) / wanted;
}
