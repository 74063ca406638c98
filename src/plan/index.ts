export { assemblePlanResult, plan, hashModel } from './plan.js';
export { buildProblem } from './formulation/index.js';
export type { BuiltPlan } from './formulation/index.js';
export { parseObjective, OBJECTIVE_FORMS } from './options.js';
export type { Objective, PlanOptions } from './options.js';
export { annuityFactor } from './formulation/projects.js';
export type {
  PlanResult,
  ActivityRow,
  FlowRow,
  ProductionRow,
  ElementProductionRow,
  DemandRow,
  ShortfallRow,
  SinkRow,
  InventoryRow,
  StockpileRow,
  ProjectRow,
  DualRow,
  BindingConstraint,
  CostBreakdown,
} from './result.js';
export { planResultSchema } from './result.js';
export { verifyPlan } from './verify.js';
export { compareWithLeastCost } from './abatement.js';
export {
  ENVIRONMENT_INDICATORS,
  ENVIRONMENT_UNITS,
  TRANSPORT_STAGE,
  indicatorsSchema,
  leastCostComparisonSchema,
  planEnvironmentSchema,
  processShiftSchema,
} from './environment.js';
export type {
  EnvironmentByCountry,
  EnvironmentByStage,
  EnvironmentIndicator,
  Indicators,
  LeastCostComparison,
  PlanEnvironment,
  ProcessShift,
} from './environment.js';
export type { Violation, VerifyOptions } from './verify.js';
