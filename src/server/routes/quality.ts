/**
 * Quality: the model's specifications (unified standards per material and analyte) and control charts of
 * stored assays — one facility × material × analyte series drawn with monitor/spc, limits from a phase I
 * reference window or frozen ones, selectable run rules, capability against the specification.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { specificationSchema, type Specification } from '../../model/index.js';
import {
  QUALITY_CHARTS,
  qualityChartAnswerSchema,
  qualityChart,
  toAnalyteSpec,
  type QualityChartOptions,
} from '../../monitor/index.js';
import { PLANNERS } from '../auth.js';
import { requireOperate, type ServerDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { defineRoute } from '../route.js';
import { errorSchema } from '../schemas.js';
import { facilityScopeOf, requireFacilityInScope } from '../scope.js';
import { definedFields } from '../../defined-fields.js';

const timeParam = z.union([
  z.coerce.number().int(),
  z.iso.datetime({ offset: true }).transform((t) => Date.parse(t)),
]);

const specificationsQuery = z.object({
  model: z.string().optional().meta({ description: 'model id; default the served model' }),
});
const specificationsAnswer = z
  .object({ model: z.string(), specifications: z.array(specificationSchema) })
  .meta({
    id: 'Specifications',
    description: "a model's quality specifications: limits per analyte per material",
  });

const chartsQuery = z
  .object({
    facility: z.string().min(1),
    material: z.string().min(1),
    analyte: z.string().min(1),
    chart: z.enum(QUALITY_CHARTS).default('imr'),
    rules: z
      .string()
      .default('nelson')
      .meta({ description: "run rules: 'nelson', 'we', 'none', Nelson numbers '1,2,5' or ids 'we-2'" }),
    from: timeParam.optional().meta({ description: 'first assay time (inclusive), epoch ms or ISO 8601' }),
    to: timeParam.optional().meta({ description: 'last assay time (exclusive)' }),
    reference: z.coerce
      .number()
      .int()
      .min(2)
      .optional()
      .meta({ description: 'phase I: estimate limits from the first N assays (default all of them)' }),
    referenceFrom: timeParam.optional().meta({ description: 'phase I window start' }),
    referenceTo: timeParam.optional().meta({ description: 'phase I window end (exclusive)' }),
    center: z.coerce.number().optional().meta({ description: 'phase II: frozen centre (give sigma too)' }),
    sigma: z.coerce
      .number()
      .positive()
      .optional()
      .meta({ description: 'phase II: frozen sigma of one assay' }),
    iterate: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional()
      .meta({ description: 'drop out-of-control reference points and re-estimate' }),
    lambda: z.coerce.number().gt(0).max(1).optional(),
    L: z.coerce.number().positive().optional(),
    k: z.coerce.number().min(0).optional(),
    h: z.coerce.number().positive().optional(),
    model: z
      .string()
      .optional()
      .meta({ description: 'model whose specification applies; default the served model' }),
  })
  .refine((q) => (q.center === undefined) === (q.sigma === undefined), {
    message: 'give center and sigma together (frozen limits)',
    path: ['sigma'],
  });

/** The specifications of a registry model (`?model=`) or, without one, of the served model. */
async function specificationsOf(
  deps: ServerDeps,
  id: string | undefined,
): Promise<{ model: string; specifications: readonly Specification[] }> {
  if (id === undefined && deps.operate && deps.operate.specifications.length > 0)
    return { model: deps.models.defaultId ?? 'served', specifications: deps.operate.specifications };
  const modelId = id ?? deps.models.defaultId;
  const entry = modelId === undefined ? undefined : await deps.models.get(modelId);
  if (!entry || modelId === undefined)
    throw new ApiError(
      'MODEL_NOT_FOUND',
      `no model '${modelId ?? ''}'; known: ${deps.models.ids().join(', ')}`,
    );
  if (!entry.model)
    throw new ApiError(
      'MODEL_INVALID',
      `model '${modelId}' has errors; fix them to read its specifications`,
      entry.issues,
    );
  return { model: modelId, specifications: entry.model.specifications };
}

export function registerQualityRoutes(app: FastifyInstance, deps: ServerDeps): void {
  defineRoute(
    app,
    {
      method: 'GET',
      url: '/v1/specifications',
      summary: "a model's quality specifications (unified standards per material and analyte)",
      tags: ['quality'],
      query: specificationsQuery,
      responses: {
        200: { description: 'the specifications', schema: specificationsAnswer },
        404: { description: 'unknown model', schema: errorSchema },
        422: { description: 'the model has errors', schema: errorSchema },
      },
    },
    async ({ query }) => {
      const { model, specifications } = await specificationsOf(deps, query.model);
      return { model, specifications };
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/v1/quality/charts',
      summary: 'a control chart of stored assays for one facility, material and analyte',
      tags: ['quality'],
      roles: PLANNERS,
      query: chartsQuery,
      description:
        'Phase I estimates the limits from the reference assays (default all); center and sigma freeze them (phase II). Violations name the run rule and the assays that make the pattern; capability is against the specification.',
      responses: {
        200: { description: 'the chart', schema: qualityChartAnswerSchema },
        400: { description: 'bad query, run rule or option', schema: errorSchema },
        403: { description: 'facility outside the token scope', schema: errorSchema },
        404: { description: 'no assays, or an unknown model', schema: errorSchema },
        422: {
          description: 'the data cannot give limits (too few assays, zero spread)',
          schema: errorSchema,
        },
        503: { description: 'telemetry not enabled', schema: errorSchema },
      },
    },
    async ({ query, request }) => {
      const { store } = requireOperate(deps);
      requireFacilityInScope(await facilityScopeOf(deps, request.principal), query.facility);
      const stored = await store.telemetry.query({
        facility: query.facility,
        kind: 'assay',
        series: `${query.material}|${query.analyte}`,
        limit: 100_000,
        ...definedFields({ from: query.from, to: query.to }),
      });
      const assays = stored.flatMap(({ event }) => (event.kind === 'assay' ? [event] : []));
      if (assays.length === 0)
        throw new ApiError(
          'NOT_FOUND',
          `no assays of ${query.material} ${query.analyte} from '${query.facility}' in that window`,
        );
      const { specifications } = await specificationsOf(deps, query.model);
      const spec = toAnalyteSpec(specifications, query.material, query.analyte);
      const reference =
        query.reference !== undefined || query.referenceFrom !== undefined || query.referenceTo !== undefined
          ? {
              ...definedFields({ points: query.reference, from: query.referenceFrom, to: query.referenceTo }),
            }
          : undefined;
      const options: QualityChartOptions = {
        chart: query.chart,
        rules: query.rules,
        ...definedFields({ reference }),
        ...(query.center !== undefined && query.sigma !== undefined
          ? { limits: { center: query.center, sigma: query.sigma } }
          : {}),
        ...definedFields({
          spec,
          iterate: query.iterate,
          lambda: query.lambda,
          L: query.L,
          k: query.k,
          h: query.h,
        }),
      };
      const chart = qualityChart(
        assays.map((a) => ({ time: a.time, value: a.value, lot: a.lot })),
        options,
      );
      const { spec: _spec, ...rest } = chart;
      return {
        facility: query.facility,
        material: query.material,
        analyte: query.analyte,
        unit: assays[assays.length - 1]?.unit ?? null,
        specification: spec
          ? {
              id: spec.specification,
              ...definedFields({ lsl: spec.lsl, usl: spec.usl, target: spec.target }),
            }
          : null,
        count: assays.length,
        ...rest,
      };
    },
  );
}
