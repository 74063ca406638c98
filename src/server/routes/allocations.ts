/**
 * Capital allocation over HTTP (issue 9): `POST /v1/allocations` queues a job that picks the projects
 * best serving a goal under budgets, on the served model with the API's stage changes applied.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  allocateCapital,
  GOAL_FORMS,
  parseGoal,
  allocationResultSchema,
  type AllocationResult,
} from '../../coordinate/index.js';
import type { Model } from '../../model/index.js';
import { PLANNERS, READERS } from '../auth.js';
import type { ServerDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { defineRoute } from '../route.js';
import {
  errorSchema,
  idParams,
  idText,
  jobQueueRefusals,
  jobSchema,
  MAX_EXPRESSION_LENGTH,
  MAX_LIST_LENGTH,
  MAX_REQUEST_USD,
  upTo,
} from '../schemas.js';
import { definedFields } from '../../defined-fields.js';

/** A budget: negative ones are ALLOCATE_NEGATIVE_BUDGET (422) from the route, absurd ones a 400 here. */
const usdAYear = upTo(z.number(), MAX_REQUEST_USD, 'USD a year', '0');
export const allocationBody = z
  .object({
    model: idText(),
    goal: z.string().max(MAX_EXPRESSION_LENGTH).default('cost').meta({ description: GOAL_FORMS }),
    budget: usdAYear.optional().meta({ description: 'USD a year over all projects' }),
    funderBudgets: z.record(idText(), usdAYear).optional().meta({ description: 'USD a year per funder' }),
    scenarios: z
      .array(idText())
      .max(MAX_LIST_LENGTH)
      .optional()
      .meta({ description: 'scenarios of the model the portfolio must serve (each must exist)' }),
    timeLimitSeconds: z.number().positive().max(3600).optional(),
  })
  .strict();
export const allocationJobSchema = jobSchema(
  'allocation',
  allocationBody,
  allocationResultSchema,
  'AllocationJob',
  z.object({ self: z.string() }).optional().meta({ description: 'on the answer that queues it' }),
);

/**
 * Registers the allocation routes (called by registerProjectRoutes, in its order); `currentModel`
 * is the served model with the stage changes made through the API.
 */
export function registerAllocationRoutes(
  app: FastifyInstance,
  deps: ServerDeps,
  currentModel: (id: string) => Promise<Model>,
): void {
  const audit = deps.audit;
  defineRoute(
    app,
    {
      method: 'POST',
      url: '/v1/allocations',
      summary:
        'start a capital allocation (a job): the projects that best serve a goal under budgets, and what each buys',
      tags: ['projects'],
      roles: PLANNERS,
      body: allocationBody,
      responses: {
        202: { description: 'queued', schema: allocationJobSchema },
        400: { description: 'bad body', schema: errorSchema },
        404: { description: 'unknown model or scenario', schema: errorSchema },
        422: { description: 'bad goal or budget', schema: errorSchema },
        ...jobQueueRefusals,
      },
    },
    async ({ body, request, reply }) => {
      const goal = parseGoal(body.goal);
      if (!goal)
        throw new ApiError('ALLOCATE_BAD_GOAL', `unknown goal '${body.goal}'; expected ${GOAL_FORMS}`);
      for (const [who, amount] of [['budget', body.budget], ...Object.entries(body.funderBudgets ?? {})] as [
        string,
        number | undefined,
      ][]) {
        if (amount !== undefined && !(amount >= 0))
          throw new ApiError(
            'ALLOCATE_NEGATIVE_BUDGET',
            `${who === 'budget' ? 'the budget' : `the budget of '${who}'`} must not be negative; got ${amount}`,
          );
      }
      const model = await currentModel(body.model);
      const unknown = (body.scenarios ?? []).filter((id) => !model.scenarios.some((s) => s.id === id));
      if (unknown.length > 0) {
        throw new ApiError(
          'SCENARIO_NOT_FOUND',
          `model '${body.model}' has no scenario ${unknown.map((id) => `'${id}'`).join(', ')}; it has: ${model.scenarios.map((s) => s.id).join(', ') || 'none'}`,
        );
      }
      const job = deps.jobs.submit<typeof body, AllocationResult>(
        'allocation',
        body,
        async ({ progress }) => {
          const solver = deps.createSolver();
          try {
            return await allocateCapital(model, {
              solver,
              goal,
              ...definedFields({
                budget: body.budget,
                funderBudgets: body.funderBudgets,
                scenarios: body.scenarios,
                timeLimitSeconds: body.timeLimitSeconds,
              }),
              onProgress: (step) => progress('solve', step),
            });
          } finally {
            await solver.dispose();
          }
        },
        { owner: request.principal.id },
      );
      const view = structuredClone({ ...job, links: { self: `/v1/allocations/${job.id}` } }); // as queued: the job starts while the audit entry is written
      await audit.record({
        actor: request.principal,
        action: 'allocation.start',
        target: `allocations/${job.id}`,
        after: body,
        requestId: request.id,
      });
      return reply.status(202).header('location', `/v1/allocations/${job.id}`).send(view);
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/v1/allocations/:id',
      summary: "an allocation's status and (once succeeded) its result",
      tags: ['projects'],
      roles: READERS,
      params: idParams,
      responses: {
        200: { description: 'the allocation job', schema: allocationJobSchema },
        404: { description: 'unknown allocation', schema: errorSchema },
      },
    },
    async ({ params }) => {
      const job = deps.jobs.get(params.id);
      if (!job || job.kind !== 'allocation')
        throw new ApiError(
          'ALLOCATION_NOT_FOUND',
          `no allocation '${params.id}' (kept in memory until the server restarts)`,
        );
      return job;
    },
  );
}
