/**
 * The cost of diversification as a job: POST /v1/risk/diversification re-plans the model while a
 * cap on the share of one consumer's supply coming directly from a jurisdiction tightens (one plan
 * per cap, so it runs as a job, progress in caps planned); GET, DELETE and `/events` as for every
 * job. The consumer and the jurisdiction are checked before the job is queued (422 with a
 * did-you-mean).
 */
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import {
  checkParty,
  createRiskNetwork,
  diversificationCost,
  type DiversificationOptions,
  type Metric,
  type DiversificationRow,
  toConsumer,
} from '../../risk/index.js';
import { PLANNERS } from '../auth.js';
import type { ServerDeps } from '../deps.js';
import { jobLinks, registerJobRoutes, toJobView } from '../job-routes.js';
import { defineRoute } from '../route.js';
import { errorSchema, jobQueueRefusals } from '../schemas.js';
import { diversificationJobSchema, diversificationRequestSchema } from '../simulation-schemas.js';
import { resolvePlanModel } from './plans.js';

type DiversificationRequest = z.infer<typeof diversificationRequestSchema>;

export const DIVERSIFICATIONS = '/v1/risk/diversification';
const DEFAULT_STEPS = [1, 0.8, 0.6, 0.4, 0.2, 0];

export function registerDiversificationRoutes(app: FastifyInstance, deps: ServerDeps): void {
  defineRoute(
    app,
    {
      method: 'POST',
      url: DIVERSIFICATIONS,
      summary:
        "the cost of diversification: re-plan with a tightening cap on the share of a consumer's supply coming directly from a jurisdiction; runs as a job",
      tags: ['risk'],
      roles: PLANNERS,
      body: diversificationRequestSchema,
      responses: {
        202: { description: 'queued', schema: diversificationJobSchema.omit({ result: true }) },
        400: { description: 'bad body', schema: errorSchema },
        404: { description: 'unknown model or scenario', schema: errorSchema },
        422: {
          description:
            'unknown consumer (RISK_UNKNOWN_CONSUMER) or jurisdiction (RISK_UNKNOWN_PARTY), or a model or scenario with errors',
          schema: errorSchema,
        },
        ...jobQueueRefusals,
      },
    },
    async ({ body, request, reply }) => {
      const model = await resolvePlanModel(deps, body);
      const network = createRiskNetwork(model);
      const consumer = toConsumer(network, body.consumer);
      checkParty(network, body.through, 'through');
      const capped: DiversificationOptions['consumer'] = consumer.node
        ? { demands: model.demands.filter((d) => d.node === consumer.node).map((d) => d.id) }
        : {
            ...(consumer.jurisdiction ? { jurisdiction: consumer.jurisdiction } : {}),
            ...(consumer.demands ? { demands: consumer.demands } : {}),
          };
      const steps = body.steps ?? DEFAULT_STEPS;
      const job = deps.jobs.submit<DiversificationRequest, Metric<DiversificationRow>>(
        'diversification',
        body,
        async (context) => {
          context.progress('plan', `0 of ${steps.length} caps planned`);
          const solver = deps.createSolver();
          try {
            return await diversificationCost(model, {
              solver,
              planOptions: { signal: context.signal },
              consumer: capped,
              through: body.through,
              elements: body.elements,
              steps,
              onStep: (done, total) => context.progress('plan', `${done} of ${total} caps planned`),
            });
          } finally {
            await solver.dispose();
          }
        },
        { owner: request.principal.id },
      );
      const view = structuredClone(toJobView(DIVERSIFICATIONS, job, false));
      await deps.audit.record({
        actor: request.principal,
        action: 'diversification.start',
        target: `risk/diversification/${job.id}`,
        after: body,
        requestId: request.id,
      });
      return reply.status(202).header('location', jobLinks(DIVERSIFICATIONS, job.id).self).send(view);
    },
  );

  registerJobRoutes(app, deps, {
    kind: 'diversification',
    base: DIVERSIFICATIONS,
    noun: 'cost-of-diversification curve',
    tag: 'risk',
    notFound: 'DIVERSIFICATION_NOT_FOUND',
    schema: diversificationJobSchema,
  });
}
