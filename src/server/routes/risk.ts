/**
 * Risk over HTTP: GET /v1/risk measures a succeeded plan or simulation job (or plans the model
 * now) with the flow-based metrics; POST /v1/compare puts two runs — jobs or saved results, plans
 * or simulations — side by side per metric. The re-planning what-ifs (vulnerability,
 * diversification, time to diversify) stay in the CLI: they solve many times.
 */
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { Model } from '../../model/index.js';
import { plan, type PlanResult } from '../../plan/index.js';
import {
  compareRuns,
  concentration,
  createRiskNetwork,
  exposure,
  exposurePaths,
  fromPlanResult,
  fromSimulation,
  importReliance,
  priceResponse,
  supplyRisk,
  supplyShares,
  toComparableRun,
  traceOrigins,
  type ComparableRun,
  type FlowsView,
  type Metric,
  type RiskNetwork,
  toConsumer,
  FLOW_METRICS,
  toMetricNames,
} from '../../risk/index.js';
import type { MonteCarloResult } from '../../simulate/index.js';
import type { ServerDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { requireJob } from '../job-routes.js';
import type { Job } from '../jobs.js';
import { defineRoute } from '../route.js';
import { errorSchema } from '../schemas.js';
import {
  compareRequestSchema,
  compareResponseSchema,
  riskQuerySchema,
  riskResponseSchema,
} from '../simulation-schemas.js';
import { resolvePlanModel } from './plans.js';
import { definedFields } from '../../defined-fields.js';

type MetricName = (typeof FLOW_METRICS)[number];
type RiskQuery = z.infer<typeof riskQuerySchema>;

const PLAN_JOBS = { kind: 'plan', noun: 'plan', notFound: 'PLAN_NOT_FOUND' } as const;
const SIMULATION_JOBS = { kind: 'simulation', noun: 'simulation', notFound: 'SIMULATION_NOT_FOUND' } as const;

/** A run loaded for measuring: the model it ran on (scenario applied) and the run itself. */
interface LoadedRun {
  model: Model;
  modelId: string;
  scenario?: string;
  run: ComparableRun;
  job?: string;
}

/** A succeeded job of the kind, with the model it ran on; 404 when unknown, 409 RUN_NOT_READY until it has succeeded. */
async function loadJob(
  deps: ServerDeps,
  spec: typeof PLAN_JOBS | typeof SIMULATION_JOBS,
  id: string,
): Promise<LoadedRun> {
  const job = requireJob(deps, spec, id) as Job<{ model: string; scenario?: string }>;
  if (job.status !== 'succeeded' || job.result === undefined)
    throw new ApiError(
      'RUN_NOT_READY',
      `${spec.noun} '${id}' is ${job.status}; measure it once it has succeeded`,
    );
  const model = await resolvePlanModel(deps, job.input);
  const run: ComparableRun =
    spec.kind === 'plan'
      ? { kind: 'plan', result: job.result as PlanResult }
      : { kind: 'simulation', result: job.result as MonteCarloResult };
  return {
    model,
    modelId: job.input.model,
    ...definedFields({ scenario: job.input.scenario }),
    run,
    job: id,
  };
}

/** The run GET /v1/risk measures: a named job, or a plan of the model made now. */
async function loadRun(deps: ServerDeps, query: RiskQuery): Promise<LoadedRun> {
  if (query.plan !== undefined && query.simulation !== undefined)
    throw new ApiError('BAD_REQUEST', 'give plan or simulation, not both');
  if (query.plan !== undefined) return loadJob(deps, PLAN_JOBS, query.plan);
  if (query.simulation !== undefined) return loadJob(deps, SIMULATION_JOBS, query.simulation);
  if (query.model === undefined)
    throw new ApiError(
      'BAD_REQUEST',
      'give model (planned now), plan (a plan job id) or simulation (a simulation job id)',
    );
  const model = await resolvePlanModel(deps, { model: query.model, scenario: query.scenario });
  const solver = deps.createSolver();
  try {
    const result = await plan(model, {
      solver,
      ...definedFields({ scenario: query.scenario }),
    });
    return {
      model,
      modelId: query.model,
      ...definedFields({ scenario: query.scenario }),
      run: { kind: 'plan', result },
    };
  } finally {
    await solver.dispose();
  }
}

function toView(loaded: LoadedRun, network: RiskNetwork): FlowsView {
  const { run } = loaded;
  if (run.kind === 'plan') {
    if (run.result.flows.length === 0 && run.result.production.length === 0)
      throw new ApiError(
        'RISK_NO_FLOWS',
        `the plan has no flows (status ${run.result.status}); nothing to measure`,
      );
    return fromPlanResult(run.result, network);
  }
  if (!run.result.flows) throw new ApiError('RISK_NO_FLOWS', 'the simulation result has no flows to measure');
  return fromSimulation(run.result, network);
}

/** The asked metrics over one flows view. */
function measure(
  view: FlowsView,
  network: RiskNetwork,
  names: readonly MetricName[],
  query: RiskQuery,
): Metric[] {
  const need = (name: MetricName, field: 'consumer' | 'through'): void => {
    if (names.includes(name) && query[field] === undefined)
      throw new ApiError('BAD_REQUEST', `metric ${name} needs ${field}`);
  };
  need('exposure', 'consumer');
  need('paths', 'consumer');
  need('price-response', 'through');
  const elements = query.elements;
  const stages = query.stage === undefined ? {} : { stages: [query.stage] };
  const consumer = query.consumer === undefined ? undefined : toConsumer(network, query.consumer);
  const trace = names.some((n) => n === 'exposure' || n === 'paths' || n === 'supply-risk')
    ? traceOrigins(view, network, elements ? { elements } : {})
    : undefined;
  const out: Metric[] = [];
  for (const name of names) {
    if (name === 'hhi')
      out.push(concentration(view, network, { by: query.by, elements: elements ?? ['REO'], ...stages }));
    if (name === 'shares')
      out.push(supplyShares(view, network, { by: query.by, elements: elements ?? ['REO'], ...stages }));
    if (name === 'import-reliance') out.push(importReliance(view, network, { group: 'kind' }));
    if (trace && consumer && name === 'exposure')
      out.push(
        exposure(trace, network, {
          consumer,
          ...(elements ? { elements } : {}),
          ...(query.through ? { through: [query.through] } : {}),
        }),
      );
    if (trace && consumer && name === 'paths')
      out.push(exposurePaths(trace, network, { consumer, ...(elements ? { elements } : {}) }));
    if (name === 'supply-risk')
      out.push(
        supplyRisk(
          view,
          network,
          {
            ...(elements ? { elements } : {}),
            ...(consumer?.jurisdiction ? { sourcing: consumer.jurisdiction } : {}),
          },
          trace,
        ),
      );
    if (name === 'price-response')
      out.push(
        priceResponse(view, network, {
          jurisdiction: query.through ?? '',
          ...(elements ? { elements } : {}),
          ...(query.stage ? { stage: query.stage } : {}),
        }),
      );
  }
  return out;
}

/** A run named in a compare body: a job, or a saved result given inline. */
async function loadReference(
  deps: ServerDeps,
  ref: z.infer<typeof compareRequestSchema>['a'],
  side: 'a' | 'b',
): Promise<{ run: ComparableRun; model?: { model: string; scenario?: string } }> {
  if ('plan' in ref || 'simulation' in ref) {
    const loaded =
      'plan' in ref
        ? await loadJob(deps, PLAN_JOBS, ref.plan)
        : await loadJob(deps, SIMULATION_JOBS, ref.simulation);
    return {
      run: loaded.run,
      model: {
        model: loaded.modelId,
        ...definedFields({ scenario: loaded.scenario }),
      },
    };
  }
  const run = toComparableRun(ref.result);
  if (!run)
    throw new ApiError('RESULT_INVALID', `${side}.result is neither a PlanResult nor a MonteCarloResult`);
  return { run };
}

export function registerRiskRoutes(app: FastifyInstance, deps: ServerDeps): void {
  defineRoute(
    app,
    {
      method: 'GET',
      url: '/v1/risk',
      summary:
        'risk metrics (HHI, shares, import reliance, exposure, paths, EU supply risk, price response) of a plan or simulation job, or of a plan made now',
      tags: ['risk'],
      query: riskQuerySchema,
      responses: {
        200: { description: 'the metrics', schema: riskResponseSchema },
        400: { description: 'bad query, or a metric lacks consumer or through', schema: errorSchema },
        404: { description: 'unknown model, scenario, plan or simulation', schema: errorSchema },
        409: { description: 'the job has not succeeded (yet)', schema: errorSchema },
        422: {
          description: 'unknown metric or consumer, a run without flows, or a model with errors',
          schema: errorSchema,
        },
      },
    },
    async ({ query }) => {
      const names = toMetricNames(query.metric, FLOW_METRICS, {
        consumer: query.consumer !== undefined,
        elsewhere: 'the re-planning what-ifs are in the CLI: reeflow risk',
      });
      const loaded = await loadRun(deps, query);
      const network = createRiskNetwork(loaded.model);
      const metrics = measure(toView(loaded, network), network, names, query);
      const status = loaded.run.kind === 'plan' ? loaded.run.result.status : `${loaded.run.result.runs} runs`;
      return {
        model: loaded.modelId,
        ...definedFields({ scenario: loaded.scenario }),
        source: loaded.run.kind,
        ...(loaded.job ? { job: loaded.job } : {}),
        status,
        metrics,
      };
    },
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/v1/compare',
      summary: 'two runs (plan or simulation jobs, or saved results) side by side per metric, with b − a',
      tags: ['risk'],
      body: compareRequestSchema,
      responses: {
        200: { description: 'the comparison', schema: compareResponseSchema },
        400: { description: 'bad body', schema: errorSchema },
        404: { description: 'unknown job, model or scenario', schema: errorSchema },
        409: { description: 'a job has not succeeded (yet)', schema: errorSchema },
        422: { description: 'an inline result is neither kind', schema: errorSchema },
      },
    },
    async ({ body }) => {
      const a = await loadReference(deps, body.a, 'a');
      const b = await loadReference(deps, body.b, 'b');
      const modelRef =
        body.model === undefined
          ? (a.model ?? b.model)
          : { model: body.model, ...definedFields({ scenario: body.scenario }) };
      const network = modelRef ? createRiskNetwork(await resolvePlanModel(deps, modelRef)) : undefined;
      return compareRuns(a.run, b.run, { network, changed: body.changed });
    },
  );
}
