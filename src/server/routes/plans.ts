/**
 * Plans as jobs: POST starts one (202 with its id), GET reads its status, progress and result,
 * DELETE cancels it, and `/events` streams its progress as server-sent events.
 */
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { applyScenario, hasErrors, type Model } from '../../model/index.js';
import { OBJECTIVE_FORMS, parseObjective, plan, type PlanResult } from '../../plan/index.js';
import { PLANNERS } from '../auth.js';
import type { ServerDeps } from '../deps.js';
import { sendCached, toCachedBody, type CachedBody } from '../cached.js';
import { ApiError } from '../errors.js';
import { isFinished, type Job } from '../jobs.js';
import { defineRoute } from '../route.js';
import {
  errorSchema,
  idParams,
  jobQueueRefusals,
  planJobListSchema,
  planJobSchema,
  planRequestSchema,
} from '../schemas.js';
import { streamJobEvents } from '../job-routes.js';
import { requireModel } from './models.js';
import { definedFields } from '../../defined-fields.js';

type PlanRequest = z.infer<typeof planRequestSchema>;
type PlanJob = Job<PlanRequest, PlanResult>;

const links = (id: string): { self: string; events: string } => ({
  self: `/v1/plans/${id}`,
  events: `/v1/plans/${id}/events`,
});

/** A job as the API shows it; `withResult: false` for listings. */
function toView(job: PlanJob, withResult: boolean): Record<string, unknown> {
  const { result, ...rest } = job;
  return { ...rest, ...(withResult && result !== undefined ? { result } : {}), links: links(job.id) };
}

/** The model to plan: checked, with the scenario applied; a coded error otherwise. */
export async function resolvePlanModel(
  deps: ServerDeps,
  request: { model: string; scenario?: string | undefined },
): Promise<Model> {
  const entry = await requireModel(deps.models, request.model);
  if (!entry.model)
    throw new ApiError(
      'MODEL_INVALID',
      `model '${request.model}' has errors; nothing was planned`,
      entry.issues,
    );
  if (request.scenario === undefined) return entry.model;
  if (!entry.model.scenarios.some((s) => s.id === request.scenario)) {
    throw new ApiError(
      'SCENARIO_NOT_FOUND',
      `model '${request.model}' has no scenario '${request.scenario}'; it has: ${entry.model.scenarios.map((s) => s.id).join(', ') || 'none'}`,
    );
  }
  const applied = applyScenario(entry.model, request.scenario);
  if (!applied.model || hasErrors(applied.issues))
    throw new ApiError(
      'SCENARIO_INVALID',
      `scenario '${request.scenario}' cannot be applied`,
      applied.issues,
    );
  return applied.model;
}

export function registerPlanRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { jobs } = deps;
  /** Serialised views of finished jobs: a finished job never changes, so reads are a map lookup. */
  const finishedJson = new Map<string, CachedBody>();
  const planJob = (id: string): PlanJob => {
    const job = jobs.get(id);
    if (!job || job.kind !== 'plan')
      throw new ApiError(
        'PLAN_NOT_FOUND',
        `no plan '${id}' (plans are kept in memory until the server restarts)`,
      );
    return job as PlanJob;
  };

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/v1/plans',
      summary: 'start a plan; it runs as a job (one at a time)',
      tags: ['plans'],
      roles: PLANNERS,
      body: planRequestSchema,
      responses: {
        202: { description: 'queued', schema: planJobSchema.omit({ result: true }) },
        400: { description: 'bad body', schema: errorSchema },
        404: { description: 'unknown model or scenario', schema: errorSchema },
        422: {
          description: 'the model or scenario has errors, or the objective is unknown',
          schema: errorSchema,
        },
        ...jobQueueRefusals,
      },
    },
    async ({ body, request, reply }) => {
      const objective = parseObjective(body.objective);
      if (!objective)
        throw new ApiError(
          'PLAN_BAD_OBJECTIVE',
          `unknown objective '${body.objective}'; expected ${OBJECTIVE_FORMS}`,
        );
      const model = await resolvePlanModel(deps, body);
      if (
        objective.kind === 'dependence' &&
        !model.jurisdictions.some((j) => j.id === objective.jurisdiction)
      ) {
        throw new ApiError(
          'PLAN_BAD_OBJECTIVE',
          `objective dependence:${objective.jurisdiction} names a jurisdiction model '${body.model}' does not have`,
        );
      }
      const job = jobs.submit<PlanRequest, PlanResult>(
        'plan',
        body,
        async ({ signal, progress }) => {
          const solver = deps.createSolver();
          try {
            return await plan(model, {
              solver,
              objective,
              signal,
              clock: deps.clock,
              ...definedFields({
                scenario: body.scenario,
                timeLimitSeconds: body.timeLimitSeconds,
                mipGap: body.mipGap,
              }),
              onProgress: (phase, detail) => progress(phase, detail),
            });
          } finally {
            await solver.dispose();
          }
        },
        { owner: request.principal.id },
      );
      const view = structuredClone(toView(job, false)); // as queued: the job starts while the audit entry is written
      await deps.audit.record({
        actor: request.principal,
        action: 'plan.start',
        target: `plans/${job.id}`,
        after: body,
        requestId: request.id,
      });
      return reply.status(202).header('location', links(job.id).self).send(view);
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/v1/plans',
      summary: 'plans run since the server started, newest first (without results)',
      tags: ['plans'],
      responses: { 200: { description: 'plans', schema: planJobListSchema } },
    },
    async () => ({ plans: jobs.list('plan').map((job) => toView(job as PlanJob, false)) }),
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/v1/plans/:id',
      summary: "a plan's status, progress and (once succeeded) its PlanResult",
      tags: ['plans'],
      params: idParams,
      responses: {
        200: { description: 'the plan job', schema: planJobSchema },
        404: { description: 'unknown plan', schema: errorSchema },
      },
    },
    async ({ params, request, reply }) => {
      const cached = finishedJson.get(params.id);
      if (cached !== undefined && jobs.get(params.id)) return sendCached(request, reply, cached);
      const job = planJob(params.id);
      if (!isFinished(job)) return toView(job, true);
      const body = toCachedBody(toView(job, true));
      finishedJson.set(job.id, body);
      for (const id of finishedJson.keys()) if (!jobs.get(id)) finishedJson.delete(id);
      return sendCached(request, reply, body);
    },
  );

  defineRoute(
    app,
    {
      method: 'DELETE',
      url: '/v1/plans/:id',
      summary: 'cancel a queued or running plan',
      tags: ['plans'],
      roles: PLANNERS,
      params: idParams,
      responses: {
        202: {
          description: 'cancellation requested (a running solve stops shortly)',
          schema: planJobSchema.omit({ result: true }),
        },
        404: { description: 'unknown plan', schema: errorSchema },
        409: { description: 'the plan has finished already', schema: errorSchema },
      },
    },
    async ({ params, request, reply }) => {
      const job = planJob(params.id);
      if (isFinished(job))
        throw new ApiError('PLAN_FINISHED', `plan '${params.id}' has ${job.status} already`);
      const before = { status: job.status };
      jobs.cancel(job.id);
      const view = structuredClone(toView(job, false));
      await deps.audit.record({
        actor: request.principal,
        action: 'plan.cancel',
        target: `plans/${job.id}`,
        before,
        after: { status: job.status },
        requestId: request.id,
      });
      return reply.status(202).send(view);
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/v1/plans/:id/events',
      summary: "a plan's progress as server-sent events (progress, status); ends when it finishes",
      tags: ['plans'],
      params: idParams,
      responses: {
        200: { description: 'event stream', contentType: 'text/event-stream' },
        404: { description: 'unknown plan', schema: errorSchema },
      },
    },
    async ({ params, request, reply }) => {
      streamJobEvents(jobs, planJob(params.id), request, reply);
    },
  );
}
