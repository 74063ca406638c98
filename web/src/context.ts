/** What every view receives from the app shell. */
import type { ApiFailure } from './api/client.js';
import type { Model, PlanResult, ScenarioInfo } from './api/types.js';
import type { Async, Navigate, PlanJobState } from './hooks.js';
import type { ViewState } from './lib/url-state.js';

export interface ViewContext {
  state: ViewState;
  navigate: Navigate;
  modelId: string | undefined;
  model: Async<Model>;
  scenarios: Async<{ scenarios: ScenarioInfo[] }>;
  /** The plan the URL names, while it loads or runs and once it has finished. */
  plan: PlanJobState | undefined;
  /** Its result once it succeeded. */
  result: PlanResult | undefined;
  /** Starts a plan of the current model and scenario and selects it. */
  runPlan: () => void;
  /** Paths the server offers (from /v1/openapi.json); empty while unknown. */
  paths: readonly string[];
  startError: ApiFailure | undefined;
}
