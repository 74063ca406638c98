/**
 * The API contract: the shapes that cross HTTP and the plain constants the dashboard needs. This
 * module is `web/`'s only door into `src/` (a lint rule keeps it so). It exports types (`import
 * type`, erased at build) and constants from modules that import nothing, so the browser bundles
 * neither zod nor any domain code. Each type is inferred from the zod schema the server answers
 * with (`z.infer`), or is the domain's own result type declared beside its schema.
 *
 * @example import type { PlanResult } from '../../../src/contract/index.js';
 */
import type { z } from 'zod';
import type {
  errorSchema,
  jobProgressSchema,
  jobStatusSchema,
  modelInfoSchema,
  modelListSchema,
  modelViewSchema,
  planRequestSchema,
  scenarioInfoSchema,
} from '../server/schemas.js';
import type {
  riskResponseSchema,
  simulationRequestSchema,
  stockpileSizingRequestSchema,
} from '../server/simulation-schemas.js';
import type { Job as ServerJob } from '../server/jobs.js';
import type { sessionSchema } from '../server/routes/session.js';
import type { allocationBody, projectDetailSchema, projectListSchema } from '../server/routes/projects.js';
import type { chartAnswer } from '../server/routes/quality.js';
import type { assetSchema } from '../server/routes/assets.js';
import type { PlanResult } from '../plan/result.js';
import type { MonteCarloResult } from '../simulate/metrics.js';
import type { StockpileSizing } from '../simulate/stockpile.js';
import type { AllocationResult } from '../coordinate/allocate.js';
import type { Appraisal } from '../coordinate/finance.js';
import type { ProjectPipeline } from '../coordinate/projects.js';

export { ELEMENT_GROUPS, ELEMENT_SYMBOLS } from '../model/elements.js';
export type { ElementSymbol } from '../model/elements.js';
export { STAGES } from '../model/stages.js';

export type { Model } from '../model/model.js';
export type { Facility } from '../model/components/facility.js';
export type { Material } from '../model/components/material.js';
export type { Issue } from '../model/issues.js';
export type { ModelSummary } from '../model/summary.js';
export type {
  PlanResult,
  FlowRow,
  ProductionRow,
  ShortfallRow,
  BindingConstraint,
  DualRow,
  CostBreakdown,
} from '../plan/result.js';
export type { LiveSnapshot } from '../monitor/state.js';
export type { Alert, AlertChange } from '../monitor/alerts/types.js';
export type { PlanVsActualRow } from '../monitor/plan-vs-actual.js';
export type { ProjectReportRow, Appraisal } from '../coordinate/finance.js';
export type { ProjectPipeline, StageTiming } from '../coordinate/projects.js';
export type { AllocationResult } from '../coordinate/allocate.js';
export type { MonteCarloResult, Distribution } from '../simulate/metrics.js';
export type { StockpileSizing } from '../simulate/stockpile.js';
export type { AssetHealth } from '../monitor/maintenance/assets.js';

/** Keys of `T` that may be absent. */
type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];

/**
 * A value as it arrives over JSON: an optional field is absent, never `undefined` (zod's
 * `.optional()` infers `x?: T | undefined`; the dashboard reads `x?: T`).
 */
export type FromJson<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly (infer U)[]
    ? FromJson<U>[]
    : T extends object
      ? { [K in keyof T]: FromJson<K extends OptionalKeys<T> ? Exclude<T[K], undefined> : T[K]> }
      : T;

/** `GET /v1/models`: one model. */
export type ModelInfo = FromJson<z.infer<typeof modelInfoSchema>>;
/** `GET /v1/models`. */
export type ModelList = FromJson<z.infer<typeof modelListSchema>>;
/** `GET /v1/models/:id`: the model's issues and summary. */
export type ModelView = FromJson<z.infer<typeof modelViewSchema>>;
/** `GET /v1/models/:id/scenarios`: one scenario. */
export type ScenarioInfo = FromJson<z.infer<typeof scenarioInfoSchema>>;
/** An error answer: a catalogue code, a message, issues and on 500s a correlation id. */
export type ErrorBody = FromJson<z.infer<typeof errorSchema>>;
/** `GET /v1/session`: whether tokens are needed and whose the sent one is. */
export type Session = FromJson<z.infer<typeof sessionSchema>>;

export type JobStatus = FromJson<z.infer<typeof jobStatusSchema>>;
export type JobProgress = FromJson<z.infer<typeof jobProgressSchema>>;
/** Any job the server runs (plans, allocations, simulations), with its links. */
export type Job<I, T> = FromJson<ServerJob<I, T>> & { links?: { self: string; events?: string } };

/** `POST /v1/plans` body. */
export type PlanRequest = z.input<typeof planRequestSchema>;
/** `GET /v1/plans/:id`. */
export type PlanJob = Job<PlanRequest, PlanResult> & {
  kind: 'plan';
  links: { self: string; events: string };
};

/** `GET /v1/projects`. */
export type ProjectList = FromJson<z.infer<typeof projectListSchema>>;
/** `GET /v1/projects/:id`. */
export type ProjectDetail = Omit<FromJson<z.infer<typeof projectDetailSchema>>, 'pipeline' | 'appraisal'> & {
  pipeline: ProjectPipeline;
  appraisal: Appraisal;
};
/** `POST /v1/allocations` body. */
export type AllocationRequest = z.input<typeof allocationBody>;
export type AllocationJob = Job<AllocationRequest, AllocationResult>;

/** `POST /v1/simulations` body. */
export type SimulationRequest = z.input<typeof simulationRequestSchema>;
export type SimulationJob = Job<SimulationRequest, MonteCarloResult>;
/** `POST /v1/stockpile-sizing` body. */
export type StockpileSizingRequest = z.input<typeof stockpileSizingRequestSchema>;
export type StockpileSizingJob = Job<StockpileSizingRequest, StockpileSizing>;

/** `GET /v1/risk`. */
export type RiskReport = FromJson<z.infer<typeof riskResponseSchema>>;
/** A risk metric as `GET /v1/risk` returns it. */
export type RiskMetric = RiskReport['metrics'][number];

/** `GET /v1/quality/charts`: the chart with its series named, the spec that applied, null where a value is undefined. */
export type QualityChartAnswer = FromJson<z.infer<typeof chartAnswer>>;
/** `GET /v1/assets`: one asset; RUL upper ends that never reach the limit are null. */
export type AssetHealthAnswer = FromJson<z.infer<typeof assetSchema>>;
