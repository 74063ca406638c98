/** The kernel's state: stocks, stockpiles, the in-transit ring, per-step scratch, run metrics and an optional trace. */
import type { Network } from './network.js';
import type { Admission, Effects } from './disruptions/types.js';

/** Slots of the arrival ring: the longest lead time plus licence delay a shipment may take, in steps. */
export const RING = 1024;

/** A full record of one run, for the independent invariant check. Steps count from measurement start. */
export interface Trace {
  /** The first measured step (steps in the trace are absolute kernel steps). */
  start: number;
  /** The step after the last one run. */
  end: number;
  initial: { node: string; material: string; tonnes: number }[];
  /** Shipments in transit at the start: arrival step, destination, tonnes. */
  pending: { arrival: number; node: string; material: string; tonnes: number }[];
  production: { step: number; process: string; activity: number }[];
  shipments: {
    step: number;
    route: string;
    material: string;
    tonnes: number;
    arrival: number;
    returned: boolean;
  }[];
  /** Served tonnes and what was required that step (surges included). */
  served: { step: number; demand: string; tonnes: number; required: number }[];
  sunk: { step: number; sink: string; node: string; material: string; tonnes: number }[];
  /** Moves into (positive) or out of a stockpile's node; a pooled release names the member node it arrives at. */
  stockpile: { step: number; stockpile: string; toNode: number; to?: string; arrival?: number }[];
  final: { node: string; material: string; tonnes: number }[];
}

export interface KernelState {
  step: number;
  onHand: Float64Array;
  stock: Float64Array;
  inTransit: Float64Array;
  /** Arrivals by step modulo RING: flat [nm, tonnes, nm, tonnes, …]; slots are reused, `ringLength` says how much is live. */
  ring: number[][];
  ringLength: Int32Array;
  effects: Effects;
  admission: Admission;
  need: Float64Array;
  processNeed: Float64Array;
  keep: Float64Array;
  want: Float64Array;
  routeRoom: Float64Array;
  sinkRoom: Float64Array;
  laneOut: Float64Array;
  sinkOut: Float64Array;
  /** True once warm-up is over: metrics and the trace record from then on. */
  measuring: boolean;
  metrics: RunMetrics;
  trace: Trace | undefined;
}

export interface RunMetrics {
  required: Float64Array;
  served: Float64Array;
  daysShort: Float64Array;
  firstBelow: Int32Array;
  lastBelow: Int32Array;
  stockMin: Float64Array;
  /** Required and served since the current bucket began, per demand (reset at each bucket's end). */
  bucketRequired: Float64Array;
  bucketServed: Float64Array;
  /** The run's time series, one value per bucket (see `record`): served ÷ required within the bucket over every demand, … */
  fillSeries: Float64Array;
  /** … per demand (demand-major: demand × buckets + bucket), … */
  demandFillSeries: Float64Array;
  /** … and each stockpile's level at the bucket's end (stockpile × buckets + bucket), t. */
  stockSeries: Float64Array;
  initial: number;
  produced: number;
  consumed: number;
  delivered: number;
  sunk: number;
}

function createMetrics(net: Network): RunMetrics {
  return {
    required: new Float64Array(net.demands.length),
    served: new Float64Array(net.demands.length),
    daysShort: new Float64Array(net.demands.length),
    firstBelow: new Int32Array(net.demands.length).fill(-1),
    lastBelow: new Int32Array(net.demands.length).fill(-1),
    stockMin: Float64Array.from(net.stockpiles, (s) => s.level),
    bucketRequired: new Float64Array(net.demands.length),
    bucketServed: new Float64Array(net.demands.length),
    fillSeries: new Float64Array(net.buckets),
    demandFillSeries: new Float64Array(net.demands.length * net.buckets),
    stockSeries: new Float64Array(net.stockpiles.length * net.buckets),
    initial: 0,
    produced: 0,
    consumed: 0,
    delivered: 0,
    sunk: 0,
  };
}

/** A fresh state at the start of warm-up: empty stocks and pipelines, stockpiles at their opening level. */
export function createState(net: Network): KernelState {
  const NM = net.nodes.length * net.materials.length;
  return {
    step: 0,
    onHand: new Float64Array(NM),
    stock: Float64Array.from(net.stockpiles, (s) => s.level),
    inTransit: new Float64Array(NM),
    ring: Array.from({ length: RING }, () => []),
    ringLength: new Int32Array(RING),
    effects: {
      availability: new Float64Array(net.processes.length).fill(1),
      routeOpen: new Uint8Array(net.routes.length).fill(1),
      demandScale: new Float64Array(net.demands.length).fill(1),
      gates: new Array(net.lanes.length).fill(undefined),
    },
    admission: { tonnes: 0, delay: 0, approved: true },
    need: new Float64Array(NM),
    processNeed: new Float64Array(NM),
    keep: new Float64Array(NM),
    want: new Float64Array(NM),
    routeRoom: new Float64Array(net.routes.length),
    sinkRoom: new Float64Array(net.sinks.length),
    laneOut: new Float64Array(net.lanes.length),
    sinkOut: new Float64Array(net.sinks.length),
    measuring: false,
    metrics: createMetrics(net),
    trace: undefined,
  };
}

/**
 * Makes `into` (a state of the same network) a copy of `state` (after warm-up) with empty metrics,
 * reusing `into`'s arrays, so a simulator allocates one run state for all its runs instead of one
 * per run. Per-step scratch (need, keep, want, rooms, outlets) is rewritten each step before it is
 * read; what carries between steps is copied or reset here.
 */
export function restoreState(
  net: Network,
  state: KernelState,
  into: KernelState,
  withTrace: boolean,
): KernelState {
  into.step = state.step;
  into.onHand.set(state.onHand);
  into.stock.set(state.stock);
  into.inTransit.set(state.inTransit);
  for (let i = 0; i < RING; i++) {
    const from = state.ring[i] ?? [];
    const to = into.ring[i] ?? [];
    const length = state.ringLength[i] ?? 0;
    for (let j = 0; j < length; j++) to[j] = from[j] ?? 0;
  }
  into.ringLength.set(state.ringLength);
  into.effects.gates.fill(undefined);
  into.measuring = true;
  const m = into.metrics;
  for (const values of [
    m.required,
    m.served,
    m.daysShort,
    m.bucketRequired,
    m.bucketServed,
    m.fillSeries,
    m.demandFillSeries,
    m.stockSeries,
  ])
    values.fill(0);
  m.firstBelow.fill(-1);
  m.lastBelow.fill(-1);
  m.stockMin.set(state.stock);
  m.initial = sum(state.onHand) + sum(state.stock) + sum(state.inTransit);
  m.produced = 0;
  m.consumed = 0;
  m.delivered = 0;
  m.sunk = 0;
  into.trace = withTrace ? startTrace(net, into) : undefined;
  return into;
}

function sum(values: Float64Array): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function stocks(net: Network, onHand: Float64Array): Trace['initial'] {
  const M = net.materials.length;
  const out: Trace['initial'] = [];
  onHand.forEach((tonnes, nm) => {
    if (tonnes !== 0)
      out.push({ node: net.nodes[Math.floor(nm / M)] ?? '', material: net.materials[nm % M] ?? '', tonnes });
  });
  return out;
}

function startTrace(net: Network, state: KernelState): Trace {
  const M = net.materials.length;
  const pending: Trace['pending'] = [];
  for (let ahead = 0; ahead < RING; ahead++) {
    const slot = state.ring[(state.step + ahead) % RING] ?? [];
    const length = state.ringLength[(state.step + ahead) % RING] ?? 0;
    for (let i = 0; i < length; i += 2) {
      const nm = slot[i] ?? 0;
      pending.push({
        arrival: state.step + ahead,
        node: net.nodes[Math.floor(nm / M)] ?? '',
        material: net.materials[nm % M] ?? '',
        tonnes: slot[i + 1] ?? 0,
      });
    }
  }
  // Stockpiles count as stock at their node for the balance; the trace lists their moves separately.
  return {
    start: state.step,
    end: state.step,
    initial: stocks(net, state.onHand),
    pending,
    production: [],
    shipments: [],
    served: [],
    sunk: [],
    stockpile: [],
    final: [],
  };
}

/** Closes the trace with the final stocks. */
export function finishTrace(net: Network, state: KernelState): void {
  if (!state.trace) return;
  state.trace.final = stocks(net, state.onHand);
  state.trace.end = state.step;
}
