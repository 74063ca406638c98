export { createSimulator, toPlanFlows } from './simulate.js';
export type { Simulator, SimulationSetup, RunSummary, PlanFlows } from './simulate.js';
export { simulationOptionsSchema, predictedOutageSchema, durationSchema, sampleDuration } from './options.js';
export type { SimulationOptions, SimulationOptionsInput, Duration } from './options.js';
export {
  SimulationError,
  SIMULATION_ERRORS,
  parseSimulationOptions,
  checkOptionRefs,
  type SimulationErrorCode,
} from './errors.js';
export { runMonteCarlo, runReplications, createInlineExecutor, createThreadExecutor } from './monte-carlo.js';
export type { BatchExecutor, MonteCarloOptions } from './monte-carlo.js';
export { runBatch, toBatches, createSimulatorCache } from './batch.js';
export type { Batch } from './batch.js';
export { summarizeRuns, toDistribution, quantile, isBalanced } from './metrics.js';
export type {
  MonteCarloResult,
  Distribution,
  Band,
  TimeSeries,
  DemandStats,
  ConsumerElementStats,
  StockpileStats,
} from './metrics.js';
export {
  monteCarloResultSchema,
  simulatedFlowsSchema,
  stockpileSizingSchema,
  timeSeriesSchema,
} from './result.js';
export { sizeStockpile } from './stockpile.js';
export type { StockpileSizing, StockpileSizingOptions } from './stockpile.js';
export { checkRun } from './invariants.js';
export type { RunViolation } from './invariants.js';
export type { Trace } from './state.js';
export { compileNetwork } from './network.js';
export type { Network } from './network.js';
export { step, runUntil } from './kernel.js';
export type { KernelSettings } from './kernel.js';
export { createRandom, deriveSeed, splitmix32 } from '../random.js';
export type { Random } from '../random.js';
export { createPlanGuidedPolicy } from './policies/plan-guided.js';
export { createProRataPolicy } from './policies/pro-rata.js';
export { createPriorityPolicy } from './policies/priority.js';
export type { AllocationPolicy, AllocationContext } from './policies/types.js';
export { createDisruptions } from './disruptions/index.js';
export { createFacilityOutages } from './disruptions/facility-outages.js';
export { createRouteClosures } from './disruptions/route-closures.js';
export { createExportControls } from './disruptions/export-controls.js';
export { createDemandSurges } from './disruptions/demand-surges.js';
export { createRecovery } from './disruptions/recovery.js';
export type { Disruption, DisruptionRun, Effects, LaneGate, RunContext } from './disruptions/types.js';
export { toSimulatedFlows, representativeRun, representativeFlows } from './flows.js';
export { explainAgainstPlan, shortfallTiming } from './against-plan.js';
export type { ShortfallTiming } from './against-plan.js';
export type { SimulatedFlows } from './flows.js';
