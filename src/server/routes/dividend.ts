/**
 * The coordination dividend over HTTP: GET /v1/dividend plans a model jointly and as regions that
 * each plan alone (src/coordinate/dividend), and answers with the dividend per region. It solves
 * one plan per region plus three, in the request: bundled models take seconds.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { dividendResultSchema, measureDividend } from '../../coordinate/index.js';
import { READERS } from '../auth.js';
import type { ServerDeps } from '../deps.js';
import { defineRoute } from '../route.js';
import { errorSchema, idText } from '../schemas.js';
import { resolvePlanModel } from './plans.js';
import { definedFields } from '../../defined-fields.js';

export const dividendQuerySchema = z
  .object({
    model: idText().meta({ description: 'model id' }),
    scenario: idText().optional().meta({ description: 'apply this scenario first' }),
    by: z
      .enum(['jurisdiction', 'operator'])
      .default('jurisdiction')
      .meta({ description: 'what a region is' }),
    level: z.coerce
      .number()
      .int()
      .min(1)
      .max(20)
      .optional()
      .meta({ description: 'jurisdiction level, 1 = top level; default the first level with two or more' }),
    prices: z.enum(['shadow', 'market']).default('shadow').meta({
      description: "what regions trade at: the joint plan's shadow prices or the model's sell prices",
    }),
  })
  .strict();

export function registerDividendRoutes(app: FastifyInstance, deps: ServerDeps): void {
  defineRoute(
    app,
    {
      method: 'GET',
      url: '/v1/dividend',
      summary:
        'the coordination dividend: the model planned jointly against regions (jurisdictions or operators) planning alone, per region',
      tags: ['coordinate'],
      roles: READERS,
      query: dividendQuerySchema,
      responses: {
        200: { description: 'the dividend', schema: dividendResultSchema },
        400: { description: 'bad query (an unknown field, a level below 1)', schema: errorSchema },
        404: { description: 'unknown model or scenario', schema: errorSchema },
        422: {
          description: 'a model with errors, one region only, or a plan that is not optimal',
          schema: errorSchema,
        },
      },
    },
    async ({ query }) => {
      const model = await resolvePlanModel(deps, { model: query.model, scenario: query.scenario });
      const solver = deps.createSolver();
      try {
        return await measureDividend(model, {
          solver,
          regions:
            query.by === 'operator'
              ? { by: 'operator' }
              : { by: 'jurisdiction', ...definedFields({ level: query.level }) },
          prices: query.prices,
          ...definedFields({ scenario: query.scenario }),
        });
      } finally {
        await solver.dispose();
      }
    },
  );
}
