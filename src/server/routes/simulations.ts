/**
 * Simulations and stockpile sizing as jobs: POST starts one (202 with its id); GET reads its
 * status, progress and result; DELETE cancels it; `/events` streams progress (runs done) as
 * server-sent events. Options are checked before the job is queued, so bad ones are a 422 at once.
 */
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { toDidYouMean, type Model } from '../../model/index.js';
import { plan } from '../../plan/index.js';
import {
  checkOptionRefs,
  parseSimulationOptions,
  runMonteCarlo,
  SimulationError,
  sizeStockpile,
  toPlanFlows,
  type MonteCarloResult,
  type PlanFlows,
  type SimulationOptionsInput,
  type StockpileSizing,
} from '../../simulate/index.js';
import { PLANNERS } from '../auth.js';
import type { ServerDeps } from '../deps.js';
import { jobLinks, registerJobRoutes, toJobView } from '../job-routes.js';
import type { JobContext } from '../jobs.js';
import { defineRoute } from '../route.js';
import { errorSchema, jobQueueRefusals } from '../schemas.js';
import {
  simulationJobListSchema,
  simulationJobSchema,
  simulationRequestSchema,
  stockpileSizingJobSchema,
  stockpileSizingRequestSchema,
} from '../simulation-schemas.js';
import { resolvePlanModel } from './plans.js';
import { requireModel } from './models.js';
import { definedFields } from '../../defined-fields.js';

type SimulationRequest = z.infer<typeof simulationRequestSchema>;
type StockpileSizingRequest = z.infer<typeof stockpileSizingRequestSchema>;

export const SIMULATIONS = '/v1/simulations';
export const SIZINGS = '/v1/stockpile-sizing';

/** Options from the body (`days` wins over `options.days`), checked against the model (422 SIM_BAD_OPTION or SIM_UNKNOWN_ID). */
function checkedOptions(
  model: Model,
  body: SimulationRequest | StockpileSizingRequest,
): SimulationOptionsInput {
  const input = {
    ...(body.options ?? {}),
    ...definedFields({ days: body.days }),
  } as SimulationOptionsInput;
  checkOptionRefs(model, parseSimulationOptions(input));
  return input;
}

/** The baseline plan plan-guided allocation follows: the model without the scenario, planned now. */
async function baselinePlan(
  deps: ServerDeps,
  body: SimulationRequest,
  options: SimulationOptionsInput,
  context: JobContext,
): Promise<PlanFlows | undefined> {
  if ((options.allocation ?? 'plan') !== 'plan') return undefined;
  context.progress('plan', 'baseline plan for plan-guided allocation');
  const base = (await requireModel(deps.models, body.model)).model;
  if (!base) return undefined;
  const solver = deps.createSolver();
  try {
    const result = await plan(base, { solver, signal: context.signal });
    if (result.status !== 'optimal' && result.flows.length === 0)
      throw new SimulationError(
        'SIM_NO_PLAN',
        `the baseline plan is ${result.status}; choose allocation pro-rata or priority`,
      );
    return toPlanFlows(result);
  } finally {
    await solver.dispose();
  }
}

/** Progress every batch (runs done of the total) or, for sizing, every level tried. */
function runProgress(context: JobContext, phase: string): (done: number, total: number) => void {
  return (done, total) =>
    context.progress(phase, total > 0 ? `${done}/${total} runs` : `${done} levels tried`);
}

export function registerSimulationRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { jobs } = deps;
  const badBody = { description: 'bad body', schema: errorSchema };
  const unknown = { description: 'unknown model or scenario', schema: errorSchema };
  const invalid = {
    description: 'the model or scenario has errors, or the options are bad or name unknown ids',
    schema: errorSchema,
  };

  defineRoute(
    app,
    {
      method: 'POST',
      url: SIMULATIONS,
      summary: 'start a Monte Carlo simulation; it runs as a job',
      tags: ['simulations'],
      roles: PLANNERS,
      body: simulationRequestSchema,
      responses: {
        202: { description: 'queued', schema: simulationJobSchema.omit({ result: true }) },
        400: badBody,
        404: unknown,
        422: invalid,
        ...jobQueueRefusals,
      },
    },
    async ({ body, request, reply }) => {
      const model = await resolvePlanModel(deps, body);
      const options = checkedOptions(model, body);
      const job = jobs.submit<SimulationRequest, MonteCarloResult>(
        'simulation',
        { ...body, options: parseSimulationOptions(options) },
        async (context) => {
          const planFlows = await baselinePlan(deps, body, options, context);
          context.progress('simulate', `0/${body.runs} runs`);
          const result = await runMonteCarlo(
            { model, options, ...(planFlows ? { plan: planFlows } : {}) },
            {
              runs: body.runs,
              seed: body.seed,
              flows: true,
              signal: context.signal,
              ...definedFields({ scenario: body.scenario }),
              onProgress: runProgress(context, 'simulate'),
            },
          );
          context.progress('done', `system fill rate mean ${result.system.fillRate.mean.toFixed(4)}`);
          return result;
        },
        { owner: request.principal.id },
      );
      const view = structuredClone(toJobView(SIMULATIONS, job, false)); // as queued: the job starts while the audit entry is written
      await deps.audit.record({
        actor: request.principal,
        action: 'simulation.start',
        target: `simulations/${job.id}`,
        after: body,
        requestId: request.id,
      });
      return reply.status(202).header('location', jobLinks(SIMULATIONS, job.id).self).send(view);
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: SIMULATIONS,
      summary: 'simulations run since the server started, newest first (without results)',
      tags: ['simulations'],
      responses: { 200: { description: 'simulations', schema: simulationJobListSchema } },
    },
    async () => ({ simulations: jobs.list('simulation').map((job) => toJobView(SIMULATIONS, job, false)) }),
  );

  registerJobRoutes(app, deps, {
    kind: 'simulation',
    base: SIMULATIONS,
    noun: 'simulation',
    tag: 'simulations',
    notFound: 'SIMULATION_NOT_FOUND',
    schema: simulationJobSchema,
  });

  defineRoute(
    app,
    {
      method: 'POST',
      url: SIZINGS,
      summary:
        'size a stockpile: the smallest level that holds a fill rate in a share of runs; runs as a job',
      tags: ['simulations'],
      roles: PLANNERS,
      body: stockpileSizingRequestSchema,
      responses: {
        202: { description: 'queued', schema: stockpileSizingJobSchema.omit({ result: true }) },
        400: badBody,
        404: unknown,
        422: invalid,
        ...jobQueueRefusals,
      },
    },
    async ({ body, request, reply }) => {
      const model = await resolvePlanModel(deps, body);
      const options = checkedOptions(model, body);
      if (!model.materials.some((m) => m.id === body.material))
        throw new SimulationError(
          'SIM_UNKNOWN_ID',
          `model '${body.model}' has no material '${body.material}'; ${toDidYouMean(
            body.material,
            model.materials.map((m) => m.id),
            'material',
          )}`,
        );
      const job = jobs.submit<StockpileSizingRequest, StockpileSizing>(
        'stockpile-sizing',
        { ...body, options: parseSimulationOptions(options) },
        async (context) => {
          const planFlows = await baselinePlan(deps, body, options, context);
          context.progress('size', `target ${body.target} at confidence ${body.confidence ?? 0.95}`);
          return sizeStockpile(model, options, planFlows, {
            material: body.material,
            holder: body.holder,
            target: body.target,
            runs: body.runs,
            seed: body.seed,
            ...definedFields({
              node: body.node,
              confidence: body.confidence,
              tolerance: body.tolerance,
              maxLevel: body.maxLevel,
            }),
            onProgress: runProgress(context, 'size'),
            signal: context.signal,
          });
        },
        { owner: request.principal.id },
      );
      const view = structuredClone(toJobView(SIZINGS, job, false));
      await deps.audit.record({
        actor: request.principal,
        action: 'stockpile-sizing.start',
        target: `stockpile-sizing/${job.id}`,
        after: body,
        requestId: request.id,
      });
      return reply.status(202).header('location', jobLinks(SIZINGS, job.id).self).send(view);
    },
  );

  registerJobRoutes(app, deps, {
    kind: 'stockpile-sizing',
    base: SIZINGS,
    noun: 'stockpile sizing',
    tag: 'simulations',
    notFound: 'SIZING_NOT_FOUND',
    schema: stockpileSizingJobSchema,
  });
}
