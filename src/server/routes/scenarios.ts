/** Scenarios of a model: list them, apply one to see its issues and the resulting summary. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { applyScenario, hasErrors, summarizeModel } from '../../model/index.js';
import type { ServerDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { defineRoute } from '../route.js';
import {
  errorSchema,
  idParams,
  scenarioApplySchema,
  scenarioInfoSchema,
  scenarioParams,
} from '../schemas.js';
import { requireModel } from './models.js';
import { definedFields } from '../../defined-fields.js';

export function registerScenarioRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { models } = deps;

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/v1/models/:id/scenarios',
      summary: "a model's scenarios",
      tags: ['scenarios'],
      params: idParams,
      responses: {
        200: { description: 'scenarios', schema: z.object({ scenarios: z.array(scenarioInfoSchema) }) },
        404: { description: 'unknown model', schema: errorSchema },
      },
    },
    async ({ params }) => {
      const entry = await requireModel(models, params.id);
      const scenarios = (entry.model?.scenarios ?? []).map((s) => ({
        id: s.id,
        ...definedFields({ name: s.name, description: s.description, extends: s.extends }),
      }));
      return { scenarios };
    },
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/v1/models/:id/scenarios/:scenario/apply',
      summary: 'apply a scenario: its issues and the summary of the resulting model',
      tags: ['scenarios'],
      params: scenarioParams,
      responses: {
        200: { description: 'applied (valid when no issue is an error)', schema: scenarioApplySchema },
        404: { description: 'unknown model or scenario', schema: errorSchema },
        422: { description: 'the base model has errors', schema: errorSchema },
      },
    },
    async ({ params }) => {
      const entry = await requireModel(models, params.id);
      if (!entry.model)
        throw new ApiError(
          'MODEL_INVALID',
          `model '${params.id}' has errors; fix them before applying scenarios`,
          entry.issues,
        );
      if (!entry.model.scenarios.some((s) => s.id === params.scenario)) {
        throw new ApiError(
          'SCENARIO_NOT_FOUND',
          `model '${params.id}' has no scenario '${params.scenario}'; it has: ${entry.model.scenarios.map((s) => s.id).join(', ') || 'none'}`,
        );
      }
      const applied = applyScenario(entry.model, params.scenario);
      return {
        model: params.id,
        scenario: params.scenario,
        valid: applied.model !== undefined && !hasErrors(applied.issues),
        issues: applied.issues,
        ...(applied.model ? { summary: summarizeModel(applied.model) } : {}),
      };
    },
  );
}
