/** Models: list, get one with its summary and issues, its full JSON, validate a body, upload. */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isDeeperThan, summarizeModel, toModelJsonSchema, type Issue } from '../../model/index.js';
import { EDITORS } from '../auth.js';
import type { ServerDeps } from '../deps.js';
import { sendCached, toCachedBody, type CachedBody } from '../cached.js';
import { ApiError } from '../errors.js';
import {
  loadModelText,
  toModelInfo,
  UPLOAD_DOCUMENT_LIMITS,
  type LoadedModel,
  type ModelRegistry,
} from '../models.js';
import { defineRoute } from '../route.js';
import {
  errorSchema,
  idParams,
  modelListSchema,
  modelViewSchema,
  uploadQuerySchema,
  validationSchema,
} from '../schemas.js';
import { definedFields } from '../../defined-fields.js';

/** The model with `id`, or a 404 naming the known ones. */
export async function requireModel(models: ModelRegistry, id: string): Promise<LoadedModel> {
  const entry = await models.get(id);
  if (!entry) throw new ApiError('MODEL_NOT_FOUND', `no model '${id}'; known: ${models.ids().join(', ')}`);
  return entry;
}

const MODEL_BODY = {
  description: 'a whole model in one document: JSON, or YAML text (application/yaml)',
  content: {
    'application/json': { schema: { $ref: '#/components/schemas/Model' } },
    'application/yaml': { schema: { type: 'string' } },
  },
};

/**
 * The request body as model text and its format; YAML arrives as a string, JSON parsed (by
 * Fastify, whose parser copes with any depth). A JSON body nested past the limit is refused here,
 * before `JSON.stringify` recurses into it.
 */
function toModelText(body: unknown): { text: string; format: 'json' | 'yaml' } {
  if (typeof body === 'string') {
    if (body.trim() === '')
      throw new ApiError('BAD_REQUEST', 'the body is empty; send a model as JSON or YAML');
    return { text: body, format: 'yaml' };
  }
  if (body === undefined || body === null)
    throw new ApiError('BAD_REQUEST', 'the body is empty; send a model as JSON or YAML');
  const { maxDepth } = UPLOAD_DOCUMENT_LIMITS;
  if (isDeeperThan(body, maxDepth))
    throw new ApiError(
      'MODEL_TOO_COMPLEX',
      `the JSON body nests deeper than ${maxDepth} levels; it was not read. Flatten it: a model nests about 8 levels`,
    );
  return { text: JSON.stringify(body), format: 'json' };
}

/** A document past a parse limit is a 422 naming the limit, not a list of issues to validate. */
function refuseTooComplex(issues: readonly Issue[]): void {
  const tooComplex = issues.find((issue) => issue.code === 'MODEL_TOO_COMPLEX');
  if (tooComplex)
    throw new ApiError(
      'MODEL_TOO_COMPLEX',
      `${tooComplex.message}. Fix: ${tooComplex.fix ?? 'simplify the document'}`,
      [tooComplex],
    );
}

const slug = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'model';

/** The JSON Schema of a model document, for the OpenAPI components. */
export const modelDocumentSchema = (): Record<string, unknown> => toModelJsonSchema();

/** The view of a model (info, issues, summary), encoded once per entry. */
function toCachedView(entry: LoadedModel): CachedBody {
  const cached = entry.cache.get('view') as CachedBody | undefined;
  if (cached) return cached;
  const summary = entry.summary();
  const body = toCachedBody({ ...toModelInfo(entry), issues: entry.issues, ...(summary ? { summary } : {}) });
  entry.cache.set('view', body);
  return body;
}

export function registerModelRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { models } = deps;
  let listing: { revision: number; body: CachedBody } | undefined;

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/v1/models',
      summary: 'list the bundled, served and uploaded models',
      tags: ['models'],
      responses: { 200: { description: 'models', schema: modelListSchema } },
    },
    async ({ request, reply }) => {
      const revision = models.revision();
      if (listing?.revision !== revision) {
        listing = {
          revision,
          body: toCachedBody({
            ...definedFields({ default: models.defaultId }),
            models: await models.list(),
          }),
        };
      }
      return sendCached(request, reply, listing.body);
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/v1/models/:id',
      summary: 'one model: what it is, its issues and summary',
      tags: ['models'],
      params: idParams,
      responses: {
        200: { description: 'the model', schema: modelViewSchema },
        404: { description: 'unknown model', schema: errorSchema },
      },
    },
    async ({ params, request, reply }) =>
      sendCached(request, reply, toCachedView(await requireModel(models, params.id))),
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/v1/models/:id/document',
      summary: 'the whole parsed model (units canonical, defaults applied)',
      tags: ['models'],
      params: idParams,
      responses: {
        200: {
          description: 'the model document',
          schema: z.unknown().meta({ description: 'a Model (see Model)' }),
        },
        404: { description: 'unknown model', schema: errorSchema },
        422: { description: 'the model has errors', schema: errorSchema },
      },
    },
    async ({ params, request, reply }) => {
      const entry = await requireModel(models, params.id);
      const json = entry.json();
      if (json === undefined)
        throw new ApiError('MODEL_INVALID', `model '${params.id}' has errors`, entry.issues);
      const cached = (entry.cache.get('document') as CachedBody | undefined) ?? toCachedBody(json);
      entry.cache.set('document', cached);
      return sendCached(request, reply, cached);
    },
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/v1/models/validate',
      summary: 'validate a model body; nothing is stored',
      tags: ['models'],
      rawBody: MODEL_BODY,
      responses: {
        200: { description: 'the issues found (valid when none is an error)', schema: validationSchema },
        400: { description: 'empty or unparsable body', schema: errorSchema },
        422: {
          description:
            'MODEL_TOO_COMPLEX: the document is past a parse limit (nesting, anchors, aliases, values)',
          schema: errorSchema,
        },
      },
    },
    async ({ request }) => {
      const { text, format } = toModelText(request.body);
      const loaded = await loadModelText(text, format);
      refuseTooComplex(loaded.issues);
      return {
        valid: loaded.model !== undefined,
        issues: loaded.issues,
        ...(loaded.model ? { summary: summarizeModel(loaded.model) } : {}),
      };
    },
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/v1/models',
      summary: 'upload a model and register it (in memory) under an id',
      tags: ['models'],
      roles: EDITORS,
      query: uploadQuerySchema,
      rawBody: MODEL_BODY,
      responses: {
        201: { description: 'registered', schema: modelViewSchema },
        409: { description: 'the id is taken', schema: errorSchema },
        422: {
          description: 'the model has errors (MODEL_INVALID), or is past a parse limit (MODEL_TOO_COMPLEX)',
          schema: errorSchema,
        },
      },
    },
    async ({ request, reply, query }) => {
      const { text, format } = toModelText(request.body);
      const loaded = await loadModelText(text, format);
      refuseTooComplex(loaded.issues);
      if (!loaded.model)
        throw new ApiError(
          'MODEL_INVALID',
          `the model has ${loaded.issues.filter((i) => i.severity === 'error').length} error(s); nothing was registered`,
          loaded.issues,
        );
      const id = query.id ?? slug(loaded.model.name);
      if (models.has(id))
        throw new ApiError('MODEL_EXISTS', `a model '${id}' exists already; pass ?id=<new id>`);
      const entry = models.add(id, loaded, 'uploaded');
      const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
      await deps.audit.record({
        actor: request.principal,
        action: 'model.upload',
        target: `models/${id}`,
        after: { id, name: loaded.model.name, format, bytes: Buffer.byteLength(text, 'utf8'), sha256 },
        requestId: request.id,
      });
      return reply
        .status(201)
        .header('location', `/v1/models/${encodeURIComponent(id)}`)
        .type('application/json; charset=utf-8')
        .send(toCachedView(entry).body);
    },
  );
}
