/**
 * Assets: health from stored sensor telemetry — per asset the anomaly score, trend and remaining useful life
 * (with its band) where a maintenance rule gives the tag a failure limit — and, per asset, the failure
 * probability within a horizon and the outage probabilities per period the simulator takes.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  assetHealthSchema,
  toFailurePredictions,
  toOutageOptions,
  toOutageProbabilities,
  type AssetHealth,
} from '../../monitor/index.js';
import { predictedOutageSchema } from '../../simulate/index.js';
import { PLANNERS } from '../auth.js';
import { requireOperate, type ServerDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { defineRoute } from '../route.js';
import { errorSchema, idParams } from '../schemas.js';
import { facilityScopeOf, requireFacilityInScope } from '../scope.js';
import { definedFields } from '../../defined-fields.js';

const listQuery = z.object({ facility: z.string().optional() });
const detailQuery = z.object({
  facility: z
    .string()
    .optional()
    .meta({ description: 'needed when two facilities have an asset of this id' }),
  horizonDays: z.coerce
    .number()
    .positive()
    .max(3650)
    .default(30)
    .meta({ description: 'failure-probability horizon', unit: 'days' }),
  periodDays: z.coerce
    .number()
    .positive()
    .max(366)
    .default(30)
    .meta({ description: 'simulation period length for outage probabilities', unit: 'days' }),
  periods: z.coerce.number().int().min(1).max(120).default(3),
  outageDays: z.coerce.number().positive().optional().meta({
    description: 'expected outage length (for expected availability); default a whole period',
    unit: 'days',
  }),
});
const detailSchema = assetHealthSchema
  .extend({
    prediction: z
      .object({
        horizonDays: z.number(),
        probability: z
          .number()
          .meta({ description: 'probability of reaching the failure limit within the horizon' }),
        leadDays: z
          .number()
          .meta({ description: 'days until the failure window opens (the lower end of the RUL band)' }),
        outages: z.array(
          z.object({
            facility: z.string(),
            process: z.string().optional(),
            period: z.number().int(),
            probability: z.number(),
            expectedAvailability: z.number(),
          }),
        ),
        simulation: z
          .object({ outages: z.object({ predicted: z.array(predictedOutageSchema) }) })
          .meta({ description: 'the simulator options that draw this failure (outages.predicted)' }),
      })
      .nullable(),
  })
  .meta({ id: 'AssetDetail' });

export function registerAssetRoutes(app: FastifyInstance, deps: ServerDeps): void {
  defineRoute(
    app,
    {
      method: 'GET',
      url: '/v1/assets',
      summary: 'asset health from sensor telemetry: anomaly score, trend, remaining useful life with band',
      tags: ['assets'],
      roles: PLANNERS,
      query: listQuery,
      responses: {
        200: {
          description: "assets of the caller's facilities by facility and id",
          schema: z.object({ assets: z.array(assetHealthSchema) }),
        },
        403: { description: 'facility outside the token scope', schema: errorSchema },
        503: { description: 'telemetry not enabled', schema: errorSchema },
      },
    },
    async ({ query, request }) => {
      const { operate } = requireOperate(deps);
      const scope = await facilityScopeOf(deps, request.principal);
      if (query.facility !== undefined) requireFacilityInScope(scope, query.facility);
      return {
        assets: operate.assets
          .list(query.facility === undefined ? {} : { facility: query.facility })
          .filter((a) => scope.has(a.facility)),
      };
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/v1/assets/:id',
      summary:
        "one asset's health, its failure probability within a horizon and the outage probabilities per period",
      tags: ['assets'],
      roles: PLANNERS,
      params: idParams,
      query: detailQuery,
      responses: {
        200: { description: 'the asset', schema: detailSchema },
        400: {
          description: 'bad query, or the id names assets at several facilities (give facility)',
          schema: errorSchema,
        },
        403: { description: 'the asset is at a facility outside the token scope', schema: errorSchema },
        404: { description: 'no readings from this asset', schema: errorSchema },
        503: { description: 'telemetry not enabled', schema: errorSchema },
      },
    },
    async ({ params, query, request }) => {
      const { operate } = requireOperate(deps);
      const scope = await facilityScopeOf(deps, request.principal);
      if (query.facility !== undefined) requireFacilityInScope(scope, query.facility);
      const found: AssetHealth[] = operate.assets
        .list(query.facility === undefined ? {} : { facility: query.facility })
        .filter((a) => a.asset === params.id);
      const matches = found.filter((a) => scope.has(a.facility));
      if (matches.length === 0 && found.length > 0) requireFacilityInScope(scope, found[0]?.facility ?? '');
      if (matches.length === 0)
        throw new ApiError(
          'ASSET_NOT_FOUND',
          `no sensor readings from asset '${params.id}'${query.facility === undefined ? '' : ` at '${query.facility}'`}`,
        );
      if (matches.length > 1)
        throw new ApiError(
          'BAD_REQUEST',
          `asset '${params.id}' exists at ${matches.map((a) => a.facility).join(', ')}; add ?facility=`,
        );
      const health = matches[0] as AssetHealth;
      const [prediction] = toFailurePredictions(operate.assets, [health], { horizonDays: query.horizonDays });
      return {
        ...health,
        prediction: prediction
          ? {
              horizonDays: query.horizonDays,
              probability: prediction.probability,
              leadDays: prediction.leadDays ?? 0,
              outages: toOutageProbabilities(prediction, {
                periodDays: query.periodDays,
                periods: query.periods,
                ...definedFields({ outageDays: query.outageDays }),
              }),
              simulation: toOutageOptions([prediction]),
            }
          : null,
      };
    },
  );
}
