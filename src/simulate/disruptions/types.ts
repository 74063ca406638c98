/** The kernel's public API for disruptions: effects they set each step, and gates on lanes. */
import type { Random } from '../../random.js';
import type { Network } from '../network.js';
import type { SimulationOptions } from '../options.js';

/** What disruptions change for one step; the kernel resets the first three before each step. */
export interface Effects {
  /** Multiplier on each process's capacity (outages, ramps). */
  availability: Float64Array;
  /** 1 when a route is open. */
  routeOpen: Uint8Array;
  /** Multiplier on each demand (surges). */
  demandScale: Float64Array;
  /** Export-control gates by lane; persistent for the run. */
  gates: (LaneGate | undefined)[];
}

/** The decision on one shipment through a gate: how much may go, after what delay, and whether it is approved. */
export interface Admission {
  tonnes: number;
  /** Extra steps before the shipment departs (licence processing). */
  delay: number;
  /** False when a licence is refused: the material returns to its source after `delay`. */
  approved: boolean;
}

/** A control on one lane: bans block it, caps limit it, licences delay and may refuse shipments. */
export interface LaneGate {
  /** False when the gate never blocks (licences only), so the kernel may skip `blocked`. */
  readonly canBlock: boolean;
  blocked(step: number): boolean;
  admit(tonnes: number, step: number, out: Admission): void;
}

/** A sampled outage of a facility, in steps from the start of measurement (end exclusive). */
export interface OutageWindow {
  node: number;
  start: number;
  end: number;
  availability: number;
}

/** Shared by the disruptions of one run: its seed, outage windows others may depend on, event counts. */
export interface RunContext {
  net: Network;
  options: SimulationOptions;
  /** The run's seed; each disruption derives its own stream from it. */
  seed: number;
  windows: OutageWindow[];
  events: Record<string, number>;
  /** The run's random stream `stream` (one of {@link STREAM}); every number drawn is counted in `draws`. */
  random(stream: number): Random;
  /** Random numbers drawn so far in the run: none means every seed gives the same run. */
  draws: number;
}

export interface DisruptionRun {
  /** Called before each measured step `step` (0 = first day after warm-up). */
  beforeStep(step: number, effects: Effects): void;
}

/** A disruption process: sampled once per run at `start`, applied step by step. */
export interface Disruption {
  readonly name: string;
  start(context: RunContext): DisruptionRun | undefined;
}

/** Stream ids for deriveSeed, so each disruption draws from its own sequence (common random numbers). */
export const STREAM = { outages: 1, closures: 2, licences: 3, surges: 4, recovery: 5, predicted: 6 } as const;

/** Counts an event of a run. */
export function countEvent(context: RunContext, name: string, by = 1): void {
  context.events[name] = (context.events[name] ?? 0) + by;
}
