/**
 * The shapes the `define*` functions share through the plan context: row and cost categories,
 * the registries of variables and rows, and the context itself (context.ts builds it).
 */
import type { ElementVector, JurisdictionTree, Model, ResolvedProcess } from '../../model/index.js';
import type { ProblemBuilder } from '../../solver/problem-builder.js';
import type { Facility, Route, Project } from '../../model/index.js';
import type { PlanOptions } from '../options.js';

/** What a row constrains, so results can name binding constraints by input id. */
export const ROW_KINDS = [
  'balance',
  'capacity',
  'route-capacity',
  'storage',
  'sink-limit',
  'demand',
  'quota',
  'export-control',
  'share-cap',
  'emission-cap',
  'budget',
  'stockpile',
  'offtake',
] as const;
export type RowKind = (typeof ROW_KINDS)[number];

export interface RowInfo {
  kind: RowKind;
  /** The input id the row comes from (process key, route id, policy id, demand id…). */
  id: string;
  /** Period label, or the first period of a yearly block. */
  period?: string;
  /** Unit of the row's right-hand side, so a dual reads as USD per that unit. */
  unit: string;
}

/** How a project enters the plan. */
export interface ProjectPlan {
  project: Project;
  /** Build decision column, or undefined when fixed (committed or excluded). */
  column?: number;
  /** 1 when committed, 0 when excluded, undefined when the plan decides. */
  fixed?: 0 | 1;
  /** First period with the new capacity. */
  onlinePeriod: number;
  /** Period construction starts (spend falls here). */
  startPeriod: number;
}

/** A shipment variable: route r carries material m departing in period t, arriving in `arrival`. */
export interface FlowVar {
  route: Route;
  material: string;
  period: number;
  arrival: number;
  column: number;
}

/**
 * The shipment variables of one route and material: columns `first, first+1, …`, the k-th departing
 * in `periods[k]` and arriving in `arrivals[k]`. One record per lane rather than an object per
 * column, because a large plan has ~10⁵ flows and their objects cost the build its time in GC.
 */
export interface FlowLane {
  route: Route;
  material: string;
  first: number;
  periods: number[];
  arrivals: number[];
}

/** Categories costs are reported in. */
export const COST_CATEGORIES = [
  'operating',
  'transport',
  'holding',
  'unmet',
  'substitution',
  'sales',
  'disposal',
  'storage',
  'tariff',
  'carbon',
  'capital',
  'fixed-opex',
] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];

/**
 * Every cost coefficient by category, in parallel typed arrays (a plan has one per column or
 * more; objects would cost the build most of its time in garbage collection).
 */
export interface CostLedger {
  size: number;
  columns: Int32Array;
  categories: Uint8Array;
  /** USD per unit of the column. */
  coefficients: Float64Array;
}

/** An activity variable of a process in one period. */
export interface ActivityVar {
  process: ResolvedProcess;
  period: number;
  column: number;
  /** The project that adds this process, when it is new. */
  project?: string;
}

export interface PlanContext {
  model: Model;
  options: PlanOptions;
  builder: ProblemBuilder;
  periods: string[];
  monthsPerPeriod: number;
  /** Fraction of a year one period is (months/12). */
  yearFraction: number;
  contents: Map<string, ElementVector>;
  /** t REO per tonne of each material. */
  reo: Map<string, number>;
  processes: ResolvedProcess[];
  facilities: Map<string, Facility>;
  tree: JurisdictionTree;
  /** Materials that can physically be at each facility (produced there or shipped in). */
  present: Map<string, Set<string>>;
  /** Base lead time of each route, in periods. */
  leadPeriods: Map<string, number>;

  // Variable registries, filled by define* functions in order.
  activity: Map<string, number[]>;
  /** Shipment variables by route and material (see {@link FlowLane}). */
  flowLanes: FlowLane[];
  /**
   * Every shipment variable as one object, made from `flowLanes` on first use (by the policies
   * and objectives that filter flows), so a plan without them never allocates one per column.
   */
  readonly flows: readonly FlowVar[];
  inventory: Map<string, number[]>;
  stockpileLevel: Map<string, number[]>;
  /** Releases of pooled stockpiles to member facilities (period and arrival are indices). */
  stockpileReleases: { stockpile: string; to: string; period: number; arrival: number; column: number }[];
  served: Map<string, number[]>;
  substituted: Map<string, number[]>;
  unmet: Map<string, number[]>;
  sinkUse: { sink: string; node: string; material: string; period: number; column: number }[];
  projects: Map<string, ProjectPlan>;
  /**
   * Balance terms by node, then material, then period, as flat `[column, coefficient, …]` lists,
   * collected then written as rows by defineMaterialBalance (nested maps and flat lists, not string
   * keys and tuples: this is the hottest path of the build).
   */
  balance: Map<string, Map<string, number[][]>>;
  /** Constants on the supply side of a balance (opening stockpile levels). */
  balanceConstant: Map<string, number>;
  /** Every cost coefficient by category, so results can report costs by category. */
  costTerms: CostLedger;
  /** tCO2e per unit of each column that emits. */
  emissions: Map<number, number>;
  /** Process activities created, including projects' new processes. */
  activities: ActivityVar[];
  /** Capacity row of each activity column. */
  capacityRow: Map<number, number>;
  rows: RowInfo[];
}
