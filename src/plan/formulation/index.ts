/**
 * Builds the plan problem of a model as one visible sequence of `define*` calls, each adding a
 * family of variables or constraints (DESIGN.md §3). The order matters only where a family uses
 * variables an earlier one created.
 */
import type { Model } from '../../model/index.js';
import type { Problem } from '../../solver/problem.js';
import type { PlanOptions } from '../options.js';
import { createPlanContext, type PlanContext } from './context.js';
import { defineProjects } from './projects.js';
import { defineProcessActivity, defineProcessCapacity } from './processes.js';
import { defineFlows, defineRouteCapacity } from './flows.js';
import { defineInventories, defineStockpiles } from './storage.js';
import { defineDemand, defineSinks } from './demand.js';
import { defineMaterialBalance } from './balance.js';
import {
  defineBudgets,
  defineCarbonPrices,
  defineEmissionCaps,
  defineExportControls,
  defineQuotas,
  defineShareCaps,
  defineTariffs,
} from './policies.js';
import { defineObjective } from './objective.js';
import { defineOfftakes } from './offtakes.js';

/** The problem plus the context that maps its columns and rows back to model ids. */
export interface BuiltPlan {
  problem: Problem;
  context: PlanContext;
}

/** Builds the LP/MIP of a (scenario-applied, checked) model. */
export function buildProblem(model: Model, options: PlanOptions = {}): BuiltPlan {
  const context = createPlanContext(model, options);
  defineProjects(context);
  defineProcessActivity(context);
  defineProcessCapacity(context);
  defineFlows(context);
  defineRouteCapacity(context);
  defineInventories(context);
  defineStockpiles(context);
  defineDemand(context);
  defineSinks(context);
  defineMaterialBalance(context);
  defineQuotas(context);
  defineExportControls(context);
  defineShareCaps(context);
  defineEmissionCaps(context);
  defineCarbonPrices(context);
  defineTariffs(context);
  defineBudgets(context);
  defineOfftakes(context);
  defineObjective(context, options.objective ?? { kind: 'cost' });
  return { problem: context.builder.build(), context };
}
