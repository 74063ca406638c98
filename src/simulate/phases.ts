/**
 * The phases of one kernel step, in order: assess what each stock needs, take arrivals, release
 * stockpiles, produce, serve demand, rebuild stockpiles, ship, record the time series at a bucket's
 * end. Each reads and writes the state only.
 */
import type { Network } from './network.js';
import type { AllocationContext, AllocationPolicy } from './policies/types.js';
import { RING, type KernelState } from './state.js';

const EPS = 1e-9;

/** need[nm] = demand × surge + Σ process inputs at capacity × availability; keep = need × keep steps. */
export function assess(net: Network, st: KernelState, period: number, keepSteps: number): void {
  const { need, processNeed, keep, effects } = st;
  need.fill(0);
  processNeed.fill(0);
  const T = net.periods.length;
  const processes = net.processes;
  for (let i = 0; i < processes.length; i++) {
    const p = processes[i] as (typeof processes)[number];
    const activity = p.capacity * (net.schedule[i * T + period] ?? 1) * (effects.availability[i] ?? 1);
    for (let k = 0; k < p.inputs.length; k++) {
      const nm = p.inputs[k] ?? 0;
      processNeed[nm] = (processNeed[nm] ?? 0) + activity * (p.inputAmounts[k] ?? 0);
    }
  }
  need.set(processNeed);
  const demands = net.demands;
  for (let i = 0; i < demands.length; i++) {
    const d = demands[i] as (typeof demands)[number];
    need[d.nm] = (need[d.nm] ?? 0) + (d.perStep[period] ?? 0) * (effects.demandScale[i] ?? 1);
  }
  for (let nm = 0; nm < need.length; nm++) keep[nm] = (need[nm] ?? 0) * keepSteps;
  for (const s of net.stockpiles) if (Number.isFinite(s.coverSteps)) keep[s.nm] = Math.max(keep[s.nm] ?? 0, (need[s.nm] ?? 0) * s.coverSteps);
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
  net.stockpiles.forEach((s, k) => {
    const available = (st.stock[k] ?? 0) - s.floor;
    const need = st.need[s.nm] ?? 0;
    const onHand = st.onHand[s.nm] ?? 0;
    if (available <= EPS || need <= 0) return;
    const gap = Number.isFinite(s.coverSteps) ? (onHand < need * s.coverSteps ? need * s.coverSteps - onHand : 0) : need - onHand;
    if (gap > EPS) moveStock(net, st, k, Math.min(gap, available, s.releasePerStep));
  });
}

/** Each process runs at capacity × availability, scaled down pro rata when its inputs are short. */
export function produce(net: Network, st: KernelState, period: number): void {
  const { onHand, processNeed, effects, metrics } = st;
  const T = net.periods.length;
  const processes = net.processes;
  for (let i = 0; i < processes.length; i++) {
    const p = processes[i] as (typeof processes)[number];
    let activity = p.capacity * (net.schedule[i * T + period] ?? 1) * (effects.availability[i] ?? 1);
    for (let k = 0; k < p.inputs.length; k++) {
      const nm = p.inputs[k] ?? 0;
      const requested = processNeed[nm] ?? 0;
      if (requested > 0) activity *= Math.min(1, (onHand[nm] ?? 0) / requested) || 0;
    }
    if (activity <= 0) continue;
    for (let k = 0; k < p.inputs.length; k++) {
      const nm = p.inputs[k] ?? 0;
      const used = Math.min(onHand[nm] ?? 0, activity * (p.inputAmounts[k] ?? 0));
      onHand[nm] = (onHand[nm] ?? 0) - used;
      if (st.measuring) metrics.consumed += used;
    }
    for (let k = 0; k < p.outputs.length; k++) {
      const nm = p.outputs[k] ?? 0;
      const made = activity * (p.outputAmounts[k] ?? 0);
      onHand[nm] = (onHand[nm] ?? 0) + made;
      if (st.measuring) metrics.produced += made;
    }
    st.trace?.production.push({ step: st.step, process: p.key, activity });
  }
}

/** Demand at a node shares its stock pro rata; what is missing is short (lost, not backlogged). */
export function serve(net: Network, st: KernelState, period: number, threshold: number): void {
  const { onHand, effects, metrics } = st;
  const measured = st.step - net.warmupSteps;
  for (const group of net.demandGroups) {
    let total = 0;
    for (const i of group.demands) total += (net.demands[i]?.perStep[period] ?? 0) * (effects.demandScale[i] ?? 1);
    if (total <= 0) continue;
    const available = onHand[group.nm] ?? 0;
    const fill = Math.min(1, available / total);
    onHand[group.nm] = available - total * fill;
    if (!st.measuring) continue;
    for (const i of group.demands) {
      const required = (net.demands[i]?.perStep[period] ?? 0) * (effects.demandScale[i] ?? 1);
      metrics.required[i] = (metrics.required[i] ?? 0) + required;
      metrics.served[i] = (metrics.served[i] ?? 0) + required * fill;
      metrics.bucketRequired[i] = (metrics.bucketRequired[i] ?? 0) + required;
      metrics.bucketServed[i] = (metrics.bucketServed[i] ?? 0) + required * fill;
      metrics.delivered += required * fill;
      st.trace?.served.push({ step: st.step, demand: net.demands[i]?.id ?? '', tonnes: required * fill, required });
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
  net.stockpiles.forEach((s, k) => {
    const room = s.target - (st.stock[k] ?? 0);
    const spare = (st.onHand[s.nm] ?? 0) - (st.keep[s.nm] ?? 0);
    if (s.rebuildPerStep <= 0 || room <= EPS || spare <= EPS) return;
    moveStock(net, st, k, -Math.min(room, spare, s.rebuildPerStep));
  });
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

function wantOf(st: KernelState, coverSteps: number): void {
  const { want, need, onHand, inTransit } = st;
  for (let nm = 0; nm < want.length; nm++) want[nm] = Math.max(0, (need[nm] ?? 0) * coverSteps - (onHand[nm] ?? 0) - (inTransit[nm] ?? 0));
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
export function ship(net: Network, st: KernelState, policy: AllocationPolicy, period: number, coverSteps: number): void {
  const { onHand, effects, laneOut, sinkOut, routeRoom, sinkRoom, admission } = st;
  for (let i = 0; i < net.routes.length; i++) routeRoom[i] = net.routes[i]?.capacity ?? 0;
  for (let k = 0; k < net.sinks.length; k++) sinkRoom[k] = net.sinks[k]?.limit ?? 0;
  wantOf(st, coverSteps);
  const context = allocationContext(net, st, period);
  const sources = net.sources;
  for (let index = 0; index < sources.length; index++) {
    const source = sources[index] as (typeof sources)[number];
    const amount = (onHand[source.nm] ?? 0) - (st.keep[source.nm] ?? 0);
    if (amount <= EPS) continue;
    for (const l of source.lanes) laneOut[l] = 0;
    for (const k of source.sinks) sinkOut[k] = 0;
    policy.allocate(source, index, amount, context);
    let left = amount;
    for (const l of source.lanes) {
      const lane = net.lanes[l];
      let tonnes = Math.min(laneOut[l] ?? 0, left, routeRoom[lane?.route ?? 0] ?? 0);
      if (!lane || tonnes <= EPS || !context.isOpen(l)) continue;
      admission.tonnes = tonnes;
      admission.delay = 0;
      admission.approved = true;
      effects.gates[l]?.admit(tonnes, st.step - net.warmupSteps, admission);
      tonnes = Math.min(tonnes, admission.tonnes);
      if (tonnes <= EPS) continue;
      left -= tonnes;
      onHand[source.nm] = (onHand[source.nm] ?? 0) - tonnes;
      routeRoom[lane.route] = (routeRoom[lane.route] ?? 0) - tonnes;
      const steps = admission.approved ? admission.delay + lane.lead : admission.delay;
      schedule(st, steps, admission.approved ? lane.target : lane.source, tonnes);
      if (admission.approved) st.want[lane.target] = Math.max(0, (st.want[lane.target] ?? 0) - tonnes);
      st.trace?.shipments.push({ step: st.step, route: net.routes[lane.route]?.id ?? '', material: net.materials[lane.material] ?? '', tonnes, arrival: st.step + clampSteps(steps), returned: !admission.approved });
    }
    for (const k of source.sinks) {
      const tonnes = Math.min(sinkOut[k] ?? 0, left, sinkRoom[k] ?? 0);
      if (tonnes <= EPS) continue;
      left -= tonnes;
      onHand[source.nm] = (onHand[source.nm] ?? 0) - tonnes;
      sinkRoom[k] = (sinkRoom[k] ?? 0) - tonnes;
      if (st.measuring) st.metrics.sunk += tonnes;
      st.trace?.sunk.push({ step: st.step, sink: net.sinks[k]?.id ?? '', node: net.nodes[source.node] ?? '', material: net.materials[source.material] ?? '', tonnes });
    }
  }
}

const contexts = new WeakMap<KernelState, AllocationContext>();

/** The allocation context of a state, made once per state (the policy call is on the hot path). */
function allocationContext(net: Network, st: KernelState, period: number): AllocationContext {
  let context = contexts.get(st);
  if (!context) {
    const { effects, routeRoom } = st;
    const lanes = net.lanes;
    context = {
      net, period, want: st.want, sinkRoom: st.sinkRoom, laneOut: st.laneOut, sinkOut: st.sinkOut,
      isOpen: (l) => {
        const lane = lanes[l];
        if (lane === undefined || effects.routeOpen[lane.route] !== 1 || (routeRoom[lane.route] ?? 0) <= EPS) return false;
        const gate = effects.gates[l];
        return gate === undefined || !gate.canBlock || !gate.blocked(st.step - net.warmupSteps);
      },
    };
    contexts.set(st, context);
  }
  context.period = period;
  return context;
}
