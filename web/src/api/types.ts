/**
 * The shapes the dashboard reads from the API. Model and plan shapes are the domain's own types
 * (type-only imports, nothing from src/ is bundled); the envelope types mirror src/server/schemas.ts.
 */
export type { Model } from '../../../src/model/model.js';
export type { Facility } from '../../../src/model/components/facility.js';
export type { Material } from '../../../src/model/components/material.js';
export type { Issue } from '../../../src/model/issues.js';
export type { ModelSummary } from '../../../src/model/summary.js';
export type {
  PlanResult,
  FlowRow,
  ProductionRow,
  ShortfallRow,
  BindingConstraint,
  DualRow,
  CostBreakdown,
} from '../../../src/plan/result.js';
export type { LiveSnapshot } from '../../../src/monitor/state.js';
export type { Alert, AlertChange } from '../../../src/monitor/alerts/types.js';
export type { PlanVsActualRow } from '../../../src/monitor/plan-vs-actual.js';
import type { Issue } from '../../../src/model/issues.js';
import type { ModelSummary } from '../../../src/model/summary.js';
import type { PlanResult } from '../../../src/plan/result.js';

export interface ModelInfo {
  id: string;
  name: string;
  description?: string;
  source: 'bundled' | 'file' | 'uploaded';
  valid: boolean;
  errors: number;
  warnings: number;
  scenarios: string[];
}

export interface ModelList {
  default?: string;
  models: ModelInfo[];
}

export interface ModelView extends ModelInfo {
  issues: Issue[];
  summary?: ModelSummary;
}

export interface ScenarioInfo {
  id: string;
  name?: string;
  description?: string;
  extends?: string;
}

export interface PlanRequest {
  model: string;
  scenario?: string;
  objective?: string;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobProgress {
  phase: string;
  detail?: string;
  at: string;
}

export interface PlanJob {
  id: string;
  kind: 'plan';
  status: JobStatus;
  input: PlanRequest;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  progress: JobProgress[];
  result?: PlanResult;
  error?: { code: string; message: string };
  links: { self: string; events: string };
}

/** `GET /v1/session`: whether tokens are needed and whose the sent one is. */
export interface Session {
  auth: 'required' | 'off';
  principal: { id: string; name: string; role: string; scope?: Record<string, string> } | null;
  /** Set when a token was sent and not accepted (unknown, revoked, expired, malformed). */
  tokenRefused?: { code: string; message: string };
}

export interface ErrorBody {
  code: string;
  message: string;
  issues?: Issue[];
  requestId?: string;
}

export type { ProjectReportRow, Appraisal } from '../../../src/coordinate/finance.js';
export type { ProjectPipeline, StageTiming } from '../../../src/coordinate/projects.js';
export type { AllocationResult } from '../../../src/coordinate/allocate.js';
import type { ProjectReportRow, Appraisal } from '../../../src/coordinate/finance.js';
import type { ProjectPipeline } from '../../../src/coordinate/projects.js';
import type { AllocationResult } from '../../../src/coordinate/allocate.js';

/** Any job the server runs (plans, allocations, simulations), as src/server/jobs.ts declares it, with its links. */
export type Job<I, T> = ServerJob<I, T> & { links?: { self: string; events?: string } };
import type { Job as ServerJob } from '../../../src/server/jobs.js';

export interface ProjectList {
  model: string;
  asOf: string;
  projects: ProjectReportRow[];
}

export interface ProjectDetail {
  model: string;
  asOf: string;
  project: ProjectReportRow;
  pipeline: ProjectPipeline;
  appraisal: Appraisal;
}

export interface AllocationRequest {
  model: string;
  goal: string;
  budget?: number;
  scenarios?: string[];
}

export type AllocationJob = Job<AllocationRequest, AllocationResult>;

export type { MonteCarloResult, Distribution } from '../../../src/simulate/metrics.js';
import type { MonteCarloResult } from '../../../src/simulate/metrics.js';

export interface SimulationRequest {
  model: string;
  scenario?: string;
  runs?: number;
  days?: number;
  seed?: number;
}

export type SimulationJob = Job<SimulationRequest, MonteCarloResult>;

export type { StockpileSizing } from '../../../src/simulate/stockpile.js';
import type { StockpileSizing } from '../../../src/simulate/stockpile.js';

/** `POST /v1/stockpile-sizing` (src/server/simulation-schemas.ts): the smallest level of `material` held by `holder` that keeps its fill rate at `target` in `confidence` of runs. */
export interface StockpileSizingRequest {
  model: string;
  scenario?: string;
  material: string;
  holder: string;
  node?: string;
  /** Fill rate to hold, 0–1. */
  target: number;
  /** Share of runs that must reach it, between 0 and 1 (default 0.95). */
  confidence?: number;
  runs?: number;
  days?: number;
  seed?: number;
  /** Largest level tried, t. */
  maxLevel?: number;
  /** Simulation options (docs/simulate.md), e.g. `{ outages: { rate: 4 } }`. */
  options?: Record<string, unknown>;
}

export type StockpileSizingJob = Job<StockpileSizingRequest, StockpileSizing>;

/** A risk metric as GET /v1/risk returns it (src/risk/types.ts `Metric`). */
export interface RiskMetric {
  name: string;
  unit: string;
  description?: string;
  values: ({ value: number } & Record<string, string | number | boolean | undefined>)[];
}

export interface RiskReport {
  model: string;
  scenario?: string;
  source: 'plan' | 'simulation';
  job?: string;
  status: string;
  metrics: RiskMetric[];
}

export type { AssetHealth } from '../../../src/monitor/maintenance/assets.js';
import type { AssetHealth } from '../../../src/monitor/maintenance/assets.js';
import type { QualityChart } from '../../../src/monitor/quality.js';

/** GET /v1/quality/charts: the domain's chart with its series named, the spec that applied, and null where a value is undefined. */
export interface QualityChartAnswer extends Omit<QualityChart, 'spec' | 'series'> {
  facility: string;
  material: string;
  analyte: string;
  unit: string | null;
  specification: { id: string | null; lsl?: number; usl?: number; target?: number } | null;
  count: number;
  series: {
    statistic: string;
    points: {
      index: number;
      time: number;
      lot?: string;
      value: number | null;
      center: number;
      lcl: number;
      ucl: number;
    }[];
  }[];
}

/** GET /v1/assets: RUL upper ends that never reach the limit come as null over JSON. */
export type AssetHealthAnswer = Omit<AssetHealth, 'rul'> & {
  rul: (Omit<NonNullable<AssetHealth['rul']>, 'upper'> & { upper: number | null }) | null;
};
