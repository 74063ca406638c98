/**
 * The API contract: the shapes that cross HTTP and the plain constants the dashboard needs. This
 * module is `web/`'s only door into `src/` (a lint rule keeps it so). It exports types (`import
 * type`, erased at build) and constants from modules that import nothing, so the browser bundles
 * neither zod nor any domain code. Every type is inferred from the zod schema the server answers
 * with (`z.infer`): the domain's result schemas (beside their domain types) and the server's
 * envelopes, read as they arrive over JSON (`FromJson`).
 *
 * @example import type { PlanResult } from '../../../src/contract/index.js';
 */
import type { z } from 'zod';
import type * as model from '../model/index.js';
import type * as plan from '../plan/result.js';
import type * as simulate from '../simulate/result.js';
import type * as risk from '../risk/types.js';
import type * as diversification from '../risk/metrics/diversification-cost.js';
import type * as coordinate from '../coordinate/result.js';
import type * as alerts from '../monitor/alerts/types.js';
import type * as state from '../monitor/state.js';
import type * as planVsActual from '../monitor/plan-vs-actual.js';
import type * as assets from '../monitor/maintenance/health.js';
import type * as quality from '../monitor/quality-answer.js';
import type * as server from '../server/schemas.js';
import type * as simulationSchemas from '../server/simulation-schemas.js';
import type { sessionSchema } from '../server/routes/session.js';
import type {
  allocationBody,
  allocationJobSchema,
  projectDetailSchema,
  projectListSchema,
} from '../server/routes/projects.js';

export { ELEMENT_GROUPS, ELEMENT_SYMBOLS } from '../model/elements.js';
export type { ElementSymbol } from '../model/elements.js';
export { STAGES } from '../model/stages.js';

/** Keys of `T` that may be absent. */
type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];

/**
 * A value as it arrives over JSON: an optional field is absent, never `undefined` (zod's
 * `.optional()` infers `x?: T | undefined`; the dashboard reads `x?: T`).
 */
export type FromJson<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly unknown[]
    ? { [K in keyof T]: FromJson<T[K]> }
    : T extends object
      ? { [K in keyof T]: FromJson<K extends OptionalKeys<T> ? Exclude<T[K], undefined> : T[K]> }
      : T;

// The model (GET /v1/models/:id/document) and its summary.
export type Model = FromJson<model.Model>;
export type Facility = FromJson<model.Facility>;
export type Material = FromJson<model.Material>;
export type Issue = FromJson<model.Issue>;
export type ModelSummary = FromJson<model.ModelSummary>;

// Results, each declared once as zod beside its domain type.
export type PlanResult = FromJson<plan.PlanResult>;
export type FlowRow = FromJson<plan.FlowRow>;
export type ProductionRow = FromJson<plan.ProductionRow>;
export type ShortfallRow = FromJson<plan.ShortfallRow>;
export type BindingConstraint = FromJson<plan.BindingConstraint>;
export type DualRow = FromJson<plan.DualRow>;
export type CostBreakdown = FromJson<plan.CostBreakdown>;
export type MonteCarloResult = FromJson<simulate.MonteCarloResult>;
export type Distribution = FromJson<simulate.Distribution>;
export type StockpileSizing = FromJson<simulate.StockpileSizing>;
export type RiskMetric = FromJson<z.infer<typeof risk.metricSchema>>;
export type DiversificationRow = FromJson<z.infer<typeof diversification.diversificationRowSchema>>;
export type DiversificationMetric = FromJson<z.infer<typeof diversification.diversificationMetricSchema>>;
export type ProjectReportRow = FromJson<coordinate.ProjectReportRow>;
export type Appraisal = FromJson<coordinate.Appraisal>;
export type ProjectPipeline = FromJson<coordinate.ProjectPipeline>;
export type StageTiming = FromJson<coordinate.StageTiming>;
export type AllocationResult = FromJson<coordinate.AllocationResult>;
export type Alert = FromJson<alerts.Alert>;
export type AlertChange = FromJson<alerts.AlertChange>;
export type LiveSnapshot = FromJson<state.LiveSnapshot>;
export type PlanVsActualRow = FromJson<planVsActual.PlanVsActualRow>;
export type AssetHealth = FromJson<assets.AssetHealth>;

// The server's envelopes.
/** `GET /v1/models`: one model. */
export type ModelInfo = FromJson<z.infer<typeof server.modelInfoSchema>>;
/** `GET /v1/models`. */
export type ModelList = FromJson<z.infer<typeof server.modelListSchema>>;
/** `GET /v1/models/:id`: the model's issues and summary. */
export type ModelView = FromJson<z.infer<typeof server.modelViewSchema>>;
/** `GET /v1/models/:id/scenarios`: one scenario. */
export type ScenarioInfo = FromJson<z.infer<typeof server.scenarioInfoSchema>>;
/** An error answer: a catalogue code, a message, issues and on 500s a correlation id. */
export type ErrorBody = FromJson<z.infer<typeof server.errorSchema>>;
/** `GET /v1/session`: whether tokens are needed and whose the sent one is. */
export type Session = FromJson<z.infer<typeof sessionSchema>>;

export type JobStatus = z.infer<typeof server.jobStatusSchema>;
export type JobProgress = FromJson<z.infer<typeof server.jobProgressSchema>>;

/** `POST /v1/plans` body. */
export type PlanRequest = z.input<typeof server.planRequestSchema>;
/** `GET /v1/plans/:id`. */
export type PlanJob = FromJson<z.infer<typeof server.planJobSchema>>;

/** `GET /v1/models/:id/projects`. */
export type ProjectList = FromJson<z.infer<typeof projectListSchema>>;
/** `GET /v1/models/:id/projects/:project`. */
export type ProjectDetail = FromJson<z.infer<typeof projectDetailSchema>>;
/** `POST /v1/allocations` body. */
export type AllocationRequest = z.input<typeof allocationBody>;
/** `GET /v1/allocations/:id`. */
export type AllocationJob = FromJson<z.infer<typeof allocationJobSchema>>;

/** `POST /v1/simulations` body. */
export type SimulationRequest = z.input<typeof simulationSchemas.simulationRequestSchema>;
/** `GET /v1/simulations/:id`. */
export type SimulationJob = FromJson<z.infer<typeof simulationSchemas.simulationJobSchema>>;
/** `POST /v1/stockpile-sizing` body. */
export type StockpileSizingRequest = z.input<typeof simulationSchemas.stockpileSizingRequestSchema>;
/** `GET /v1/stockpile-sizing/:id`. */
export type StockpileSizingJob = FromJson<z.infer<typeof simulationSchemas.stockpileSizingJobSchema>>;

/** `GET /v1/risk`. */
export type RiskReport = FromJson<z.infer<typeof simulationSchemas.riskResponseSchema>>;
/** `POST /v1/risk/diversification` body. */
export type DiversificationRequest = z.input<typeof simulationSchemas.diversificationRequestSchema>;
/** `GET /v1/risk/diversification/:id`. */
export type DiversificationJob = FromJson<z.infer<typeof simulationSchemas.diversificationJobSchema>>;

/** `GET /v1/quality/charts`: the chart with its series named, the spec that applied, null where a value is undefined. */
export type QualityChartAnswer = FromJson<quality.QualityChartAnswer>;
/** `GET /v1/assets`: one asset; RUL upper ends that never reach the limit are null. */
export type AssetHealthAnswer = AssetHealth;
