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

export interface ErrorBody {
  code: string;
  message: string;
  issues?: Issue[];
  requestId?: string;
}
