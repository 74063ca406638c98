/** The plan result: new tables keyed by input ids, with units. The model is never changed. */
import type { ElementSymbol } from '../model/index.js';
import type { SolveStatus } from '../solver/solver.js';
import type { CostCategory, RowKind } from './formulation/context.js';
import type { Objective } from './options.js';
import type { PlanEnvironment } from './environment.js';
import type { LeastCostComparison } from './abatement.js';

export interface ActivityRow {
  process: string;
  facility: string;
  stage: string;
  jurisdiction: string;
  /** Top-level jurisdiction (country) of the facility. */
  country: string;
  operator?: string;
  period: string;
  /** Units of activity (t of the reference flow's recipe basis). */
  activity: number;
  /** t on the capacity's reference flow (activity × reference per activity). */
  throughput: number;
  /** Capacity on the reference flow in this period, t. */
  capacity: number;
  utilisation: number;
  project?: string;
}

export interface FlowRow {
  route: string;
  from: string;
  to: string;
  material: string;
  /** Departure period. */
  period: string;
  /** Arrival period; may equal the departure. */
  arrival: string;
  tonnes: number;
  /** t REO-equivalent carried. */
  reo: number;
  crossBorder: boolean;
}

export interface ProductionRow {
  process: string;
  facility: string;
  stage: string;
  jurisdiction: string;
  /** Top-level jurisdiction (country) of the facility. */
  country: string;
  material: string;
  period: string;
  tonnes: number;
  reo: number;
}

export interface ElementProductionRow {
  stage: string;
  jurisdiction: string;
  facility: string;
  element: ElementSymbol;
  /** t REO-equivalent of the element in the stage's outputs over the horizon. */
  tonnesReo: number;
}

export interface DemandRow {
  demand: string;
  node: string;
  material: string;
  period: string;
  required: number;
  served: number;
  substituted: number;
  unmet: number;
}

export interface ShortfallRow {
  demand: string;
  node: string;
  material: string;
  /** t short over the horizon. */
  tonnes: number;
  /** Share of the requirement not met. */
  share: number;
  /** USD at the demand's value of unmet demand. */
  value: number;
}

export interface SinkRow {
  sink: string;
  node: string;
  material: string;
  kind: string;
  period: string;
  tonnes: number;
}

export interface InventoryRow {
  node: string;
  material: string;
  period: string;
  tonnes: number;
}

export interface StockpileRow {
  stockpile: string;
  period: string;
  /** Level at the end of the period, t. */
  level: number;
}

export interface ProjectRow {
  project: string;
  built: boolean;
  decision: string;
  onlinePeriod?: string;
}

export interface DualRow {
  kind: RowKind;
  id: string;
  period?: string;
  /** USD per unit of the constraint's right-hand side: the value of one more unit. */
  value: number;
  unit: string;
  binding: boolean;
}

export interface BindingConstraint {
  kind: RowKind;
  id: string;
  periods: string[];
  /** Largest shadow price over those periods, USD per unit. */
  value: number;
  message: string;
}

export type CostBreakdown = Record<CostCategory | 'total', number>;

export interface PlanResult {
  status: SolveStatus;
  message?: string;
  model: string;
  scenario?: string;
  objective: { kind: Objective['kind']; value?: number; jurisdiction?: string };
  periods: string[];
  costs: CostBreakdown;
  /** tCO2e over the horizon (processes and shipments); equals `environment.total.emissions`. */
  emissions: number;
  /** Energy, emissions, water and radioactive residue over the horizon, by country and by stage. */
  environment: PlanEnvironment;
  /** For a plan that does not minimise cost: what it changes against the least-cost plan (set by `reeflow plan`). */
  leastCost?: LeastCostComparison;
  activity: ActivityRow[];
  flows: FlowRow[];
  production: ProductionRow[];
  elementProduction: ElementProductionRow[];
  demand: DemandRow[];
  shortfall: ShortfallRow[];
  sinks: SinkRow[];
  inventories: InventoryRow[];
  stockpiles: StockpileRow[];
  projects: ProjectRow[];
  duals: DualRow[];
  binding: BindingConstraint[];
  diagnosis: string[];
  stats: {
    columns: number;
    rows: number;
    nonzeros: number;
    integers: number;
    solver: string;
    buildSeconds: number;
    solveSeconds: number;
    assignSeconds: number;
  };
  /** SHA-256 of the model as planned, so a result traces back to its inputs. */
  inputsHash: string;
  version: string;
}
