/**
 * The phases of one kernel step, in order: assess what each stock needs, take arrivals, release
 * stockpiles, produce, serve demand, rebuild stockpiles, ship, record the time series at a bucket's
 * end. Each reads and writes the state only.
 */
import type { Network } from './network.js';
import type { AllocationContext, AllocationPolicy } from './policies/types.js';
import { RING, type KernelState } from './state.js';

const EPS = 1e-9;

/**
 * need[nm] = demand × surge + Σ process inputs at capacity × availability; keep = need × keep steps.
 * Only the stocks in `net.index` can be needed; every other entry of need, processNeed and keep stays 0.
 */
export function assess(net: Network, st: KernelState, period: number, keepSteps: number): void {
  const { need, processNeed, keep, effects } = st;
  const { inputNms, needNms } = net.index;
  for (let j = 0; j < inputNms.length; j++) processNeed[inputNms[j] as number] = 0;
  const T = net.periods.length;
  const processes = net.processes;
  const availability = effects.availability;
  for (let i = 0; i < processes.length; i++) {
    const p = processes[i] as (typeof processes)[number];
    const activity = p.capacity * (net.schedule[i * T + period] ?? 1) * (availability[i] ?? 1);
    const inputs = p.inputs;
    const amounts = p.inputAmounts;
    for (let k = 0; k < inputs.length; k++) {
      const nm = inputs[k] as number;
      processNeed[nm] = (processNeed[nm] as number) + activity * (amounts[k] as number);
    }
  }
  for (let j = 0; j < needNms.length; j++) {
    const nm = needNms[j] as number;
    need[nm] = processNeed[nm] as number;
  }
  const demands = net.demands;
  for (let i = 0; i < demands.length; i++) {
    const d = demands[i] as (typeof demands)[number];
    need[d.nm] = (need[d.nm] as number) + (d.perStep[period] ?? 0) * (effects.demandScale[i] ?? 1);
  }
  for (let j = 0; j < needNms.length; j++) {
    const nm = needNms[j] as number;
    keep[nm] = (need[nm] as number) * keepSteps;
  }
  const stockpiles = net.stockpiles;
  for (let k = 0; k < stockpiles.length; k++) {
    const s = stockpiles[k] as (typeof stockpiles)[number];
    if (Number.isFinite(s.coverSteps) && s.targets.length === 0)
      keep[s.nm] = Math.max(keep[s.nm] ?? 0, (need[s.nm] ?? 0) * s.coverSteps);
  }
}

/** Shipments due this step join the stock at their destination (or return to their source). */
export function arrive(st: KernelState): void {
  const index = st.step % RING;
  const slot = st.ring[index] ?? [];
  const length = st.ringLength[index] ?? 0;
  for (let i = 0; i < length; i += 2) {
    const nm = slot[i] ?? 0;
    const tonnes = slot[i + 1] ?? 0;
    st.onHand[nm] = (st.onHand[nm] ?? 0) + tonnes;
    st.inTransit[nm] = (st.inTransit[nm] ?? 0) - tonnes;
  }
  st.ringLength[index] = 0;
}

function moveStock(net: Network, st: KernelState, k: number, toNode: number): void {
  const s = net.stockpiles[k];
  if (!s || toNode === 0) return;
  st.stock[k] = (st.stock[k] ?? 0) - toNode;
  st.onHand[s.nm] = (st.onHand[s.nm] ?? 0) + toNode;
  if (st.measuring) st.metrics.stockMin[k] = Math.min(st.metrics.stockMin[k] ?? Infinity, st.stock[k] ?? 0);
  st.trace?.stockpile.push({ step: st.step, stockpile: s.id, toNode });
}

/** Stockpiles release (never below their floor, at most their rate) when cover falls below their trigger; without a rule, just what today lacks. */
export function release(net: Network, st: KernelState): void {
  if (!st.measuring) return;
  const stockpiles = net.stockpiles;
  for (let k = 0; k < stockpiles.length; k++) {
    const s = stockpiles[k] as (typeof stockpiles)[number];
    const available = (st.stock[k] ?? 0) - s.floor;
    const need = st.need[s.nm] ?? 0;
    const onHand = st.onHand[s.nm] ?? 0;
    if (s.targets.length > 0) {
      if (available > EPS) releasePooled(net, st, k, available);
      continue;
    }
    if (available <= EPS || need <= 0) continue;
    const gap = Number.isFinite(s.coverSteps)
      ? onHand < need * s.coverSteps
        ? need * s.coverSteps - onHand
        : 0
      : need - onHand;
    if (gap > EPS) moveStock(net, st, k, Math.min(gap, available, s.releasePerStep));
  }
}

/**
 * A pooled stock releases to its members only. A member stock triggers a release when what it has
 * on hand falls below its cover (today's need without a rule); its gap is what brings its position
 * (on hand plus on its way) up to that cover plus the delivery time. Gaps share the release pro
 * rata; the release arrives `deliverySteps` later.
 */
function releasePooled(net: Network, st: KernelState, k: number, available: number): void {
  const s = net.stockpiles[k];
  if (!s) return;
  const cover = Number.isFinite(s.coverSteps) ? s.coverSteps : 1;
  const gaps = Array.from(s.targets, (nm) => {
    const need = st.need[nm] ?? 0;
    const onHand = st.onHand[nm] ?? 0;
    if (onHand >= need * cover) return 0;
    return Math.max(0, need * (cover + s.deliverySteps) - onHand - (st.inTransit[nm] ?? 0));
  });
  const total = gaps.reduce((a, b) => a + b, 0);
  if (total <= EPS) return;
  const released = Math.min(total, available, s.releasePerStep);
  const M = net.materials.length;
  s.targets.forEach((nm, i) => {
    const tonnes = (released * (gaps[i] ?? 0)) / total;
    if (tonnes <= EPS) return;
    st.stock[k] = (st.stock[k] ?? 0) - tonnes;
    if (s.deliverySteps > 0) schedule(st, s.deliverySteps, nm, tonnes);
    else st.onHand[nm] = (st.onHand[nm] ?? 0) + tonnes;
    const arrival = st.step + (s.deliverySteps > 0 ? clampSteps(s.deliverySteps) : 0);
    const to = net.nodes[Math.floor(nm / M)] ?? '';
    st.trace?.stockpile.push({ step: st.step, stockpile: s.id, toNode: tonnes, to, arrival });
  });
  if (st.measuring) st.metrics.stockMin[k] = Math.min(st.metrics.stockMin[k] ?? Infinity, st.stock[k] ?? 0);
}

/** Each process runs at capacity × availability, scaled down pro rata when its inputs are short. */
export function produce(net: Network, st: KernelState, period: number): void {
  const { onHand, processNeed, metrics } = st;
  const availability = st.effects.availability;
  const measuring = st.measuring;
  const T = net.periods.length;
  const processes = net.processes;
  for (let i = 0; i < processes.length; i++) {
    const p = processes[i] as (typeof processes)[number];
    const { inputs, inputAmounts, outputs, outputAmounts } = p;
    let activity = p.capacity * (net.schedule[i * T + period] ?? 1) * (availability[i] ?? 1);
    for (let k = 0; k < inputs.length; k++) {
      const nm = inputs[k] as number;
      const requested = processNeed[nm] as number;
      if (requested > 0) activity *= Math.min(1, (onHand[nm] as number) / requested) || 0;
    }
    if (activity <= 0) continue;
    for (let k = 0; k < inputs.length; k++) {
      const nm = inputs[k] as number;
      const used = Math.min(onHand[nm] as number, activity * (inputAmounts[k] as number));
      onHand[nm] = (onHand[nm] as number) - used;
      if (measuring) metrics.consumed += used;
    }
    for (let k = 0; k < outputs.length; k++) {
      const nm = outputs[k] as number;
      const made = activity * (outputAmounts[k] as number);
      onHand[nm] = (onHand[nm] as number) + made;
      if (measuring) metrics.produced += made;
    }
    st.trace?.production.push({ step: st.step, process: p.key, activity });
  }
}

/** Demand at a node shares its stock pro rata; what is missing is short (lost, not backlogged). */
export function serve(net: Network, st: KernelState, period: number, threshold: number): void {
  const { onHand, metrics } = st;
  const demandScale = st.effects.demandScale;
  const demands = net.demands;
  const measured = st.step - net.warmupSteps;
  const groups = net.demandGroups;
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g] as (typeof groups)[number];
    const members = group.demands;
    let total = 0;
    for (let j = 0; j < members.length; j++) {
      const i = members[j] as number;
      total += (demands[i]?.perStep[period] ?? 0) * (demandScale[i] ?? 1);
    }
    if (total <= 0) continue;
    const available = onHand[group.nm] ?? 0;
    const fill = Math.min(1, available / total);
    onHand[group.nm] = available - total * fill;
    if (!st.measuring) continue;
    for (let j = 0; j < members.length; j++) {
      const i = members[j] as number;
      const required = (demands[i]?.perStep[period] ?? 0) * (demandScale[i] ?? 1);
      metrics.required[i] = (metrics.required[i] ?? 0) + required;
      metrics.served[i] = (metrics.served[i] ?? 0) + required * fill;
      metrics.bucketRequired[i] = (metrics.bucketRequired[i] ?? 0) + required;
      metrics.bucketServed[i] = (metrics.bucketServed[i] ?? 0) + required * fill;
      metrics.delivered += required * fill;
      st.trace?.served.push({
        step: st.step,
        demand: demands[i]?.id ?? '',
        tonnes: required * fill,
        required,
      });
      if (fill < 1 - 1e-6 && required > 0) metrics.daysShort[i] = (metrics.daysShort[i] ?? 0) + net.stepDays;
      if (fill < threshold && required > 0) {
        if ((metrics.firstBelow[i] ?? -1) < 0) metrics.firstBelow[i] = measured;
        metrics.lastBelow[i] = measured;
      }
    }
  }
}

/** Stockpiles with a rebuild rate refill from stock beyond what the node keeps, towards their target. */
export function rebuild(net: Network, st: KernelState): void {
  if (!st.measuring) return;
  const stockpiles = net.stockpiles;
  for (let k = 0; k < stockpiles.length; k++) {
    const s = stockpiles[k] as (typeof stockpiles)[number];
    const room = s.target - (st.stock[k] ?? 0);
    const spare = (st.onHand[s.nm] ?? 0) - (st.keep[s.nm] ?? 0);
    if (s.rebuildPerStep <= 0 || room <= EPS || spare <= EPS) continue;
    moveStock(net, st, k, -Math.min(room, spare, s.rebuildPerStep));
  }
}

/**
 * At the end of each bucket (a week; the last may be shorter), records the bucket's fill rate —
 * served ÷ required within the bucket, not cumulative; 1 when nothing was required — over every
 * demand and per demand, and each stockpile's level; then starts the next bucket.
 */
export function record(net: Network, st: KernelState): void {
  if (!st.measuring) return;
  const measured = st.step - net.warmupSteps;
  if ((measured + 1) % net.bucketSteps !== 0 && measured + 1 !== net.steps) return;
  const B = net.buckets;
  const b = Math.floor(measured / net.bucketSteps);
  const m = st.metrics;
  let required = 0;
  let served = 0;
  for (let i = 0; i < net.demands.length; i++) {
    const r = m.bucketRequired[i] ?? 0;
    const s = m.bucketServed[i] ?? 0;
    m.demandFillSeries[i * B + b] = r > 0 ? s / r : 1;
    required += r;
    served += s;
  }
  m.fillSeries[b] = required > 0 ? served / required : 1;
  for (let k = 0; k < net.stockpiles.length; k++) m.stockSeries[k * B + b] = st.stock[k] ?? 0;
  m.bucketRequired.fill(0);
  m.bucketServed.fill(0);
}

/** want = order-up-to position − on hand − in transit, at the stocks lanes deliver to (the only wants read). */
function wantOf(net: Network, st: KernelState, coverSteps: number): void {
  const { want, need, onHand, inTransit } = st;
  const targets = net.index.laneTargets;
  for (let j = 0; j < targets.length; j++) {
    const nm = targets[j] as number;
    want[nm] = Math.max(
      0,
      (need[nm] as number) * coverSteps - (onHand[nm] as number) - (inTransit[nm] as number),
    );
  }
}

/** Shipments arrive `steps` later, at least the next step (a zero lead time takes one step). */
function schedule(st: KernelState, steps: number, nm: number, tonnes: number): void {
  const index = (st.step + clampSteps(steps)) % RING;
  const slot = st.ring[index] ?? [];
  const length = st.ringLength[index] ?? 0;
  slot[length] = nm;
  slot[length + 1] = tonnes;
  st.ringLength[index] = length + 2;
  st.inTransit[nm] = (st.inTransit[nm] ?? 0) + tonnes;
}

function clampSteps(steps: number): number {
  return Math.max(1, Math.min(RING - 1, steps));
}

/** Each stock ships what it does not keep: the policy splits it; gates (export controls) admit, delay or refuse. */
export function ship(
  net: Network,
  st: KernelState,
  policy: AllocationPolicy,
  period: number,
  coverSteps: number,
): void {
  const { onHand, keep, want, effects, laneOut, sinkOut, routeRoom, sinkRoom, admission } = st;
  const { laneRoute, laneSource, laneTarget, laneLead } = net.index;
  const { gates, routeOpen } = effects;
  routeRoom.set(net.index.routeCapacity);
  sinkRoom.set(net.index.sinkLimit);
  wantOf(net, st, coverSteps);
  const context = allocationContext(net, st, period);
  const measured = st.step - net.warmupSteps;
  const sources = net.sources;
  for (let index = 0; index < sources.length; index++) {
    const source = sources[index] as (typeof sources)[number];
    const nm = source.nm;
    const amount = (onHand[nm] as number) - (keep[nm] as number);
    if (amount <= EPS) continue;
    const lanes = source.lanes;
    const sinks = source.sinks;
    for (let j = 0; j < lanes.length; j++) laneOut[lanes[j] as number] = 0;
    for (let j = 0; j < sinks.length; j++) sinkOut[sinks[j] as number] = 0;
    policy.allocate(source, index, amount, context);
    let left = amount;
    for (let j = 0; j < lanes.length; j++) {
      const l = lanes[j] as number;
      const route = laneRoute[l] as number;
      let tonnes = Math.min(laneOut[l] as number, left, routeRoom[route] as number);
      // Open as in context.isOpen: the route is open with room left and no gate blocks the lane.
      if (tonnes <= EPS || routeOpen[route] !== 1) continue;
      const gate = gates[l];
      if (gate !== undefined && gate.canBlock && gate.blocked(measured)) continue;
      admission.tonnes = tonnes;
      admission.delay = 0;
      admission.approved = true;
      if (gate !== undefined) {
        gate.admit(tonnes, measured, admission);
        tonnes = Math.min(tonnes, admission.tonnes);
        if (tonnes <= EPS) continue;
      }
      left -= tonnes;
      onHand[nm] = (onHand[nm] as number) - tonnes;
      routeRoom[route] = (routeRoom[route] as number) - tonnes;
      const approved = admission.approved;
      const target = laneTarget[l] as number;
      const steps = approved ? admission.delay + (laneLead[l] as number) : admission.delay;
      schedule(st, steps, approved ? target : (laneSource[l] as number), tonnes);
      if (approved) want[target] = Math.max(0, (want[target] as number) - tonnes);
      st.trace?.shipments.push({
        step: st.step,
        route: net.routes[route]?.id ?? '',
        material: net.materials[net.lanes[l]?.material ?? 0] ?? '',
        tonnes,
        arrival: st.step + clampSteps(steps),
        returned: !approved,
      });
    }
    for (let j = 0; j < sinks.length; j++) {
      const k = sinks[j] as number;
      const tonnes = Math.min(sinkOut[k] as number, left, sinkRoom[k] as number);
      if (tonnes <= EPS) continue;
      left -= tonnes;
      onHand[nm] = (onHand[nm] as number) - tonnes;
      sinkRoom[k] = (sinkRoom[k] as number) - tonnes;
      if (st.measuring) st.metrics.sunk += tonnes;
      st.trace?.sunk.push({
        step: st.step,
        sink: net.sinks[k]?.id ?? '',
        node: net.nodes[source.node] ?? '',
        material: net.materials[source.material] ?? '',
        tonnes,
      });
    }
  }
}

const contexts = new WeakMap<KernelState, AllocationContext>();

/** The allocation context of a state, made once per state (the policy call is on the hot path). */
function allocationContext(net: Network, st: KernelState, period: number): AllocationContext {
  let context = contexts.get(st);
  if (!context) {
    const { effects, routeRoom } = st;
    const { routeOpen, gates } = effects;
    const laneRoute = net.index.laneRoute;
    const lanes = laneRoute.length;
    context = {
      net,
      period,
      want: st.want,
      sinkRoom: st.sinkRoom,
      laneOut: st.laneOut,
      sinkOut: st.sinkOut,
      isOpen: (l) => {
        if (!(l >= 0 && l < lanes)) return false;
        const route = laneRoute[l] as number;
        if (routeOpen[route] !== 1 || (routeRoom[route] as number) <= EPS) return false;
        const gate = gates[l];
        return gate === undefined || !gate.canBlock || !gate.blocked(st.step - net.warmupSteps);
      },
    };
    contexts.set(st, context);
  }
  context.period = period;
  return context;
}
