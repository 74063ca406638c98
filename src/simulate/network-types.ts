/**
 * The shape of the network compiled for the kernel (network.ts builds it): dense indices, recipes
 * and rates per step, and the typed-array tables the kernel's hot loop reads.
 */
import type { ElementVector, JurisdictionTree, Model, Stage } from '../model/core.js';

export interface CompiledProcess {
  key: string;
  node: number;
  stage: Stage;
  /** Activity per step at the process's own availability. */
  capacity: number;
  inputs: Int32Array;
  inputAmounts: Float64Array;
  outputs: Int32Array;
  outputAmounts: Float64Array;
}

/** A material on a route: the unit of shipping. */
export interface Lane {
  route: number;
  material: number;
  /** nm of the material at the route's start and end. */
  source: number;
  target: number;
  lead: number;
}

export interface CompiledRoute {
  id: string;
  from: number;
  to: number;
  mode: string;
  /** Lead time in steps. */
  lead: number;
  /** Most tonnes a step (all materials). */
  capacity: number;
}

export interface CompiledDemand {
  id: string;
  node: number;
  material: number;
  nm: number;
  /** Tonnes required per step, by period. */
  perStep: Float64Array;
}

export interface CompiledSink {
  id: string;
  node: number;
  material: number;
  /** Most tonnes a step. */
  limit: number;
}

export interface CompiledStockpile {
  id: string;
  holder: string;
  node: number;
  material: number;
  nm: number;
  level: number;
  floor: number;
  /** Level rebuilt towards: capacity, else the opening level. */
  target: number;
  /** Release when cover falls below this many steps; Infinity = release whenever the node is short. */
  coverSteps: number;
  releasePerStep: number;
  rebuildPerStep: number;
  /** A pooled stock (`releaseTo`): the member stocks (nm) it delivers to; empty when it releases at its node. */
  targets: Int32Array;
  /** Steps from a pooled release to its arrival. */
  deliverySteps: number;
}

/** A stock that has somewhere to go: its lanes and sinks. */
export interface Source {
  nm: number;
  node: number;
  material: number;
  lanes: number[];
  sinks: number[];
}

export interface Network {
  model: Model;
  stepDays: number;
  steps: number;
  warmupSteps: number;
  /** Steps per bucket of the per-run time series: a week (7 daily steps, or each weekly step). */
  bucketSteps: number;
  /** Days per bucket (7). */
  bucketDays: number;
  /** Buckets over the measured steps; the last may be shorter than `bucketSteps`. */
  buckets: number;
  /** Day (from the start of measurement) on which each bucket ends: 7, 14, …, the last step's end. */
  bucketEnds: number[];
  materials: string[];
  nodes: string[];
  nodeJurisdiction: string[];
  processes: CompiledProcess[];
  /** Scheduled availability (known outages) by process × period. */
  schedule: Float64Array;
  routes: CompiledRoute[];
  lanes: Lane[];
  demands: CompiledDemand[];
  sinks: CompiledSink[];
  stockpiles: CompiledStockpile[];
  sources: Source[];
  /** Demands sharing a stock (same node and material). */
  demandGroups: { nm: number; demands: number[] }[];
  periods: string[];
  /** Period index of each step, warm-up steps first (they use period 0). */
  periodOfStep: Int32Array;
  /** Tonnes a step each stock is needed: demand plus process inputs at capacity (period 0). */
  requirement: Float64Array;
  /**
   * Dense index tables for the kernel's inner loops, prepared once per model and shared by every
   * run: the stocks processes draw on, the stocks that can be needed at all (process inputs,
   * demands, stockpiles; `need` and `keep` stay 0 elsewhere), the stocks lanes deliver to (the
   * only ones whose `want` is read), each lane's route, source, target and lead, each route's
   * capacity and each sink's limit.
   */
  index: {
    inputNms: Int32Array;
    needNms: Int32Array;
    laneTargets: Int32Array;
    laneRoute: Int32Array;
    laneSource: Int32Array;
    laneTarget: Int32Array;
    laneLead: Int32Array;
    routeCapacity: Float64Array;
    sinkLimit: Float64Array;
  };
  contents: Map<string, ElementVector>;
  tree: JurisdictionTree;
}
