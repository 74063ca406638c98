/**
 * Coordinate over HTTP (issue 9): projects of a model with their pipeline stage, expected dates and
 * NPV/IRR; stage transitions (an authority completes the permitting stages of its jurisdiction, the
 * sponsor's planner the others; one stage at a time); capital allocation runs as jobs.
 *
 * Scopes: a planner sees and moves the projects of its operator's facilities, an authority those in
 * its jurisdiction (sub-jurisdictions included), an analyst reads everything, a device nothing.
 * Stage changes apply on top of the served model: kept in the operate store when the server has one
 * (so they survive restarts and are replayed on the first request after one), and recorded in the
 * audit log. A recorded stage behind the model file's (the file was edited on since) gives way to it.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  checkStageTransition,
  isWithinJurisdiction,
  appraisalSchema,
  projectPipelineSchema,
  projectReportRowSchema,
  reportProjects,
  stageActor,
  stageJurisdiction,
  type ProjectStage,
} from '../../coordinate/index.js';
import { PROJECT_STAGES, type Model, type Project } from '../../model/index.js';
import { PLANNERS, READERS, type Principal } from '../auth.js';
import type { ServerDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { defineRoute } from '../route.js';
import { errorSchema, idText } from '../schemas.js';
import { isFacilityInScope, toAuditScope } from '../scope.js';
import { requireModel } from './models.js';
import { definedFields } from '../../defined-fields.js';
import { registerAllocationRoutes } from './allocations.js';

const projectParams = z.object({ id: idText(), project: idText() });
const modelParams = z.object({ id: idText() });
const dateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "expected a date written 'YYYY-MM-DD'" });
const listQuery = z.object({
  asOf: dateText.optional().meta({ description: 'today, YYYY-MM-DD; default the first day of the horizon' }),
  expedite: z.enum(['true', 'false']).optional().meta({ description: 'use expedited stage durations' }),
});
export const projectListSchema = z.object({
  model: z.string(),
  asOf: z.string(),
  currency: z.string().meta({ description: "the model's currency (settings.currency): capex and NPV" }),
  projects: z.array(projectReportRowSchema),
});
export const projectDetailSchema = z.object({
  model: z.string(),
  asOf: z.string(),
  project: projectReportRowSchema,
  pipeline: projectPipelineSchema,
  appraisal: appraisalSchema,
});
const transitionBody = z
  .object({
    to: idText().meta({ description: `the next stage: ${PROJECT_STAGES.join(' → ')}` }),
    note: z.string().max(2000).optional(),
  })
  .strict();
const transitionSchema = z.object({
  model: z.string(),
  project: z.string(),
  from: z.string(),
  to: z.string(),
  by: z.string(),
  audit: z.number().int(),
});
export { allocationBody, allocationJobSchema } from './allocations.js';

/** True when a principal's scope reaches a project: analysts read every project, others by its facility (src/server/scope.ts). */
export function canSeeProject(model: Model, principal: Principal, project: Project): boolean {
  return principal.role === 'analyst' || isFacilityInScope(model, principal, project.facility);
}

export function registerProjectRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const audit = deps.audit;
  /** Stage changes made through the API, per `model/project`, on top of the served model. */
  const stages = new Map<string, { status: ProjectStage; statusSince: string }>();
  let replayed: Promise<void> | undefined;
  /** Loads the stage changes recorded before this start, once (again after a failure). */
  const replay = (): Promise<void> => {
    if (!deps.store) return Promise.resolve();
    const store = deps.store;
    replayed ??= store.projects.list().then(
      (records) => {
        for (const r of records)
          if (!stages.has(`${r.model}/${r.project}`))
            stages.set(`${r.model}/${r.project}`, {
              status: r.status as ProjectStage,
              statusSince: r.statusSince,
            });
      },
      (error: unknown) => {
        replayed = undefined;
        throw new ApiError(
          'UNAVAILABLE',
          `the project stages cannot be read from the store: ${error instanceof Error ? error.message : String(error)}`,
        );
      },
    );
    return replayed;
  };
  const stageOrder = (status: string): number => (PROJECT_STAGES as readonly string[]).indexOf(status);

  /** The model with the API's stage changes applied. */
  const currentModel = async (id: string): Promise<Model> => {
    const entry = await requireModel(deps.models, id);
    if (!entry.model) throw new ApiError('MODEL_INVALID', `model '${id}' has errors`, entry.issues);
    const model = entry.model;
    await replay();
    if (![...stages.keys()].some((k) => k.startsWith(`${id}/`))) return model;
    const moved = (p: Project) => {
      const stage = stages.get(`${id}/${p.id}`);
      return stage && stageOrder(stage.status) > stageOrder(p.status) ? stage : {};
    };
    return { ...model, projects: model.projects.map((p) => ({ ...p, ...moved(p) })) };
  };
  const findProject = (model: Model, modelId: string, id: string, request: FastifyRequest): Project => {
    const project = model.projects.find((p) => p.id === id);
    if (!project) throw new ApiError('PROJECT_NOT_FOUND', `model '${modelId}' has no project '${id}'`);
    if (!canSeeProject(model, request.principal, project))
      throw new ApiError('OUT_OF_SCOPE', `project '${id}' is outside the scope of this token`);
    return project;
  };
  const report = (model: Model, query: z.infer<typeof listQuery>) =>
    reportProjects(model, {
      ...definedFields({ asOf: query.asOf }),
      ...(query.expedite === 'true' ? { expedite: true } : {}),
    });

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/v1/models/:id/projects',
      summary: "a model's projects in the caller's scope: stage, expected dates, cost of capital, NPV, IRR",
      tags: ['projects'],
      roles: READERS,
      params: modelParams,
      query: listQuery,
      responses: {
        200: { description: 'projects', schema: projectListSchema },
        404: { description: 'unknown model', schema: errorSchema },
      },
    },
    async ({ params, query, request }) => {
      const model = await currentModel(params.id);
      const { asOf, rows } = report(model, query);
      const visible = new Set(
        model.projects.filter((p) => canSeeProject(model, request.principal, p)).map((p) => p.id),
      );
      return {
        model: params.id,
        asOf,
        currency: model.settings.currency,
        projects: rows.filter((r) => visible.has(r.project)),
      };
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/v1/models/:id/projects/:project',
      summary:
        'one project: its row, pipeline (stage dates, authorities) and appraisal (cash flows, sensitivity)',
      tags: ['projects'],
      roles: READERS,
      params: projectParams,
      query: listQuery,
      responses: {
        200: { description: 'the project', schema: projectDetailSchema },
        403: { description: 'outside the token scope', schema: errorSchema },
        404: { description: 'unknown model or project', schema: errorSchema },
      },
    },
    async ({ params, query, request }) => {
      const model = await currentModel(params.id);
      findProject(model, params.id, params.project, request);
      const { asOf, rows, pipelines, appraisals } = report(model, query);
      const i = model.projects.findIndex((p) => p.id === params.project);
      return { model: params.id, asOf, project: rows[i], pipeline: pipelines[i], appraisal: appraisals[i] };
    },
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/v1/models/:id/projects/:project/transitions',
      summary:
        'move a project to its next stage (an authority completes the stages it acts on, in its jurisdiction; the sponsor the others)',
      tags: ['projects'],
      roles: PLANNERS,
      params: projectParams,
      body: transitionBody,
      responses: {
        200: { description: 'moved and audited', schema: transitionSchema },
        400: { description: 'unknown stage', schema: errorSchema },
        403: { description: 'not this caller’s stage or scope', schema: errorSchema },
        404: { description: 'unknown model or project', schema: errorSchema },
        409: {
          description: 'the move skips a stage, goes back, or the project operates already',
          schema: errorSchema,
        },
      },
    },
    async ({ params, body, request }) => {
      const model = await currentModel(params.id);
      const project = findProject(model, params.id, params.project, request);
      const from: ProjectStage = checkStageTransition(project, body.to);
      const principal = request.principal;
      const actor = stageActor(project, from);
      const jurisdiction = stageJurisdiction(model, project, from);
      if (principal.role !== 'admin') {
        if (actor === 'authority' && principal.role !== 'authority')
          throw new ApiError(
            'OUT_OF_SCOPE',
            `the ${from} stage of '${project.id}' is completed by its authority (${project.permitting.find((p) => p.stage === from)?.authority ?? jurisdiction}), not a ${principal.role}`,
          );
        if (actor === 'sponsor' && principal.role !== 'planner')
          throw new ApiError(
            'OUT_OF_SCOPE',
            `the ${from} stage of '${project.id}' is completed by its sponsor's planner, not an authority`,
          );
        if (
          actor === 'authority' &&
          principal.scope?.jurisdiction !== undefined &&
          !isWithinJurisdiction(model, jurisdiction, principal.scope.jurisdiction)
        ) {
          throw new ApiError(
            'OUT_OF_SCOPE',
            `the ${from} stage of '${project.id}' is in ${jurisdiction}, outside this token's jurisdiction ${principal.scope.jurisdiction}`,
          );
        }
      }
      const statusSince = new Date(deps.clock()).toISOString().slice(0, 10);
      const to = body.to as ProjectStage;
      // The store first: a change is audited only once it is kept.
      await deps.store?.projects.save({
        model: params.id,
        project: project.id,
        status: to,
        statusSince,
        changed: deps.clock(),
        by: principal.id,
      });
      const entry = await audit.record({
        actor: principal,
        action: 'project.transition',
        target: `${params.id}/projects/${project.id}`,
        ...toAuditScope(model, project.facility),
        requestId: request.id,
        before: {
          status: from,
          ...definedFields({ statusSince: project.statusSince }),
        },
        after: { status: to, statusSince, ...definedFields({ note: body.note }) },
      });
      stages.set(`${params.id}/${project.id}`, { status: to, statusSince });
      return { model: params.id, project: project.id, from, to, by: principal.id, audit: entry.seq };
    },
  );

  registerAllocationRoutes(app, deps, currentModel);
}
