/** zod schemas of the API's own request and response bodies (the model's come from src/model). */
import { z } from 'zod';
import { issueSchema, modelSummarySchema } from '../model/index.js';
import { planResultSchema } from '../plan/index.js';
import { MAX_PARAM_LENGTH } from './errors.js';

/** The longest id a request may give (model, scenario, job, material…): ids travel as path parameters too. */
export const MAX_ID_LENGTH = MAX_PARAM_LENGTH;
/** The most ids a request may list (scenarios of an allocation). */
export const MAX_LIST_LENGTH = 100;
/** The longest objective or goal text (`weighted:cost=1,emissions=50`). */
export const MAX_EXPRESSION_LENGTH = 1000;
/** The largest tonnage a request may give, t: over a thousand times a century of world rare-earth output. */
export const MAX_REQUEST_TONNES = 1e12;
/** The largest budget a request may give, USD a year: about ten times world GDP. */
export const MAX_REQUEST_USD = 1e15;

/** `1e15`, not `1000000000000000`. */
const toShortNumber = (value: number): string =>
  Math.abs(value) >= 1e6 ? value.toExponential().replace('e+', 'e') : String(value);

/** An id of at most MAX_ID_LENGTH characters. */
export const idText = (): z.ZodString =>
  z.string().min(1).max(MAX_ID_LENGTH, `expected at most ${MAX_ID_LENGTH} characters`);

/**
 * A number up to a named limit; too big is a 400 that names the unit and the accepted range.
 *
 * @example upTo(z.number().positive(), MAX_REQUEST_TONNES, 't', 'above 0') // 'expected at most 1e12 (t); accepted above 0 to 1e12'
 */
export const upTo = (schema: z.ZodNumber, max: number, unit: string, from: string): z.ZodNumber =>
  schema.max(
    max,
    `expected at most ${toShortNumber(max)} (${unit}); accepted ${from} to ${toShortNumber(max)}`,
  );

export { issueSchema };

export const errorSchema = z
  .object({
    code: z.string().meta({ description: 'a code from the error catalogue (docs/api.md)' }),
    message: z.string(),
    issues: z.array(issueSchema).optional(),
    requestId: z.string().optional().meta({ description: 'on 500s: the correlation id of the logged error' }),
  })
  .meta({ id: 'Error' });

export const idParams = z.object({ id: idText() });

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Any JSON value (named, so the OpenAPI document shows `JsonValue` rather than a generated name). */
const jsonValueSchema: z.ZodType<JsonValue> = z
  .union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(z.lazy(() => jsonValueSchema)),
    z.record(
      z.string(),
      z.lazy(() => jsonValueSchema),
    ),
  ])
  .meta({ id: 'JsonValue', description: 'any JSON value' });

/** A JSON document whose own format defines it (a JSON Schema, the OpenAPI document): any JSON object. */
export const jsonObjectSchema = z
  .record(z.string(), jsonValueSchema)
  .meta({ description: 'a JSON object; its own format (JSON Schema, OpenAPI 3.1) defines its fields' });

/** The answers of a POST that queues a job, past the queue's bounds (src/server/jobs.ts). */
export const jobQueueRefusals = {
  429: {
    description:
      'the caller has as many jobs queued as one caller may (JOBS_TOO_MANY_QUEUED); see Retry-After',
    schema: errorSchema,
  },
  503: { description: 'the job queue is full (JOBS_QUEUE_FULL); see Retry-After', schema: errorSchema },
};

export const modelInfoSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().optional(),
    source: z.enum(['bundled', 'file', 'uploaded']),
    valid: z.boolean(),
    errors: z.number().int(),
    warnings: z.number().int(),
    scenarios: z.array(z.string()),
  })
  .meta({ id: 'ModelInfo' });

export const modelListSchema = z.object({ default: z.string().optional(), models: z.array(modelInfoSchema) });

export { modelSummarySchema };

export const modelViewSchema = modelInfoSchema
  .extend({ issues: z.array(issueSchema), summary: modelSummarySchema.optional() })
  .meta({ id: 'ModelView' });

export const validationSchema = z
  .object({ valid: z.boolean(), issues: z.array(issueSchema), summary: modelSummarySchema.optional() })
  .meta({ id: 'ModelValidation' });

export const uploadQuerySchema = z.object({
  id: idText()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/)
    .optional()
    .meta({ description: 'id to register the model under; default: its name as a slug' }),
});

export const scenarioInfoSchema = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    description: z.string().optional(),
    extends: z.string().optional(),
  })
  .meta({ id: 'ScenarioInfo' });

export const scenarioParams = z.object({ id: idText(), scenario: idText() });

export const scenarioApplySchema = z
  .object({
    model: z.string(),
    scenario: z.string(),
    valid: z.boolean(),
    issues: z.array(issueSchema),
    summary: modelSummarySchema.optional(),
  })
  .meta({ id: 'ScenarioApplication' });

export const planRequestSchema = z
  .object({
    model: idText().meta({ description: 'model id (GET /v1/models)' }),
    scenario: idText().optional().meta({ description: 'scenario of that model to apply first' }),
    objective: z
      .string()
      .max(MAX_EXPRESSION_LENGTH)
      .default('cost')
      .meta({ description: 'cost, emissions, dependence:CN or weighted:cost=1,emissions=50' }),
    timeLimitSeconds: z.number().positive().max(3600).optional(),
    mipGap: z.number().min(0).lt(1).optional(),
  })
  .strict()
  .meta({ id: 'PlanRequest' });

export const jobStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);

export const jobProgressSchema = z
  .object({ phase: z.string(), detail: z.string().optional(), at: z.string() })
  .meta({ id: 'JobProgress' });

const jobLinksSchema = z.object({ self: z.string(), events: z.string() });

/**
 * A job of `kind` (src/server/jobs.ts) with its request as `input` and, once succeeded, its
 * `result`; `links` as the job's routes give them.
 *
 * @example jobSchema('plan', planRequestSchema, planResultSchema, 'PlanJob')
 */
export function jobSchema<
  K extends string,
  I extends z.ZodType,
  R extends z.ZodType,
  L extends z.ZodType = typeof jobLinksSchema,
>(kind: K, input: I, result: R, id: string, links?: L) {
  return z
    .object({
      id: z.string(),
      kind: z.literal(kind),
      status: jobStatusSchema,
      input,
      createdAt: z.string(),
      startedAt: z.string().optional(),
      finishedAt: z.string().optional(),
      progress: z.array(jobProgressSchema),
      result: result.optional().meta({ description: 'the result, once succeeded' }),
      error: z.object({ code: z.string(), message: z.string() }).optional(),
      links: (links ?? jobLinksSchema) as L,
    })
    .meta({ id });
}

export const planJobSchema = jobSchema('plan', planRequestSchema, planResultSchema, 'PlanJob');

export const planJobListSchema = z.object({ plans: z.array(planJobSchema.omit({ result: true })) });

export const healthSchema = z.object({ status: z.literal('ok'), version: z.string() });

export const readinessSchema = z.object({
  status: z.enum(['ready', 'not-ready']),
  checks: z.array(z.object({ name: z.string(), ok: z.boolean(), detail: z.string().optional() })),
});
