/** Re-planning helpers shared by the what-if metrics: a model copy with one more policy, then plan(). */
import { policySchema, type Model, type Policy } from '../model/index.js';
import { plan, type PlanOptions, type PlanResult } from '../plan/index.js';
import type { Solver } from '../solver/index.js';

/** What the what-if metrics need to re-plan: a solver and, optionally, plan options. */
export interface ReplanOptions {
  solver: Solver;
  planOptions?: Omit<PlanOptions, 'onProgress'>;
}

/** A copy of the model with extra policies (parsed, so units are canonical); the model is not changed. */
export function withPolicies(model: Model, policies: readonly unknown[]): Model {
  const parsed: Policy[] = policies.map((p) => policySchema.parse(p));
  return { ...model, policies: [...model.policies, ...parsed] };
}

/** A copy of the model where every optional project is excluded (or committed). */
export function withProjects(model: Model, decision: 'excluded' | 'committed' | 'as-is'): Model {
  if (decision === 'as-is') return model;
  return {
    ...model,
    projects: model.projects.map((p) => (p.decision === 'optional' ? { ...p, decision } : p)),
  };
}

/** Plans a model with the what-if options. */
export function replan(model: Model, options: ReplanOptions): Promise<PlanResult> {
  return plan(model, { ...(options.planOptions ?? {}), solver: options.solver });
}
