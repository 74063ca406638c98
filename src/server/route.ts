/**
 * `defineRoute`: one declaration per route — method, path, who may call it, zod schemas of the
 * params, query, body and answers — that registers the Fastify route, parses its inputs at the
 * edge (a failure is a 400 VALIDATION_FAILED with issues) and records it for the OpenAPI document.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Issue } from '../model/index.js';
import type { Role } from './auth.js';
import { ApiError } from './errors.js';
import { definedFields } from '../defined-fields.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ResponseSpec {
  description: string;
  /** Schema of the JSON body; omit for non-JSON answers (give `contentType`). */
  schema?: z.ZodType;
  /** Default application/json. */
  contentType?: string;
}

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: HttpMethod;
  /** Fastify path, e.g. `/v1/plans/:id`. */
  url: string;
  summary: string;
  description?: string;
  tags: string[];
  /** No token needed. */
  public?: boolean;
  /** Roles allowed (admin always is); default READERS. */
  roles?: readonly Role[];
  params?: P;
  query?: Q;
  body?: B;
  /** For bodies the route parses itself (YAML text, streams): the OpenAPI `content` map. */
  rawBody?: { description: string; content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<number, ResponseSpec>;
}

/** What a handler receives: the parsed inputs plus Fastify's request and reply. */
export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** Every route declared with `defineRoute`, in registration order, for the OpenAPI document. */
export type ApiCatalog = RouteSpec<z.ZodType, z.ZodType, z.ZodType>[];

declare module 'fastify' {
  interface FastifyInstance {
    apiCatalog: ApiCatalog;
  }
}

/** Zod issues as API issues; `where` is `params`, `query` or `body`. */
export function fromZodToIssues(error: z.ZodError, where: string): Issue[] {
  return error.issues.map((issue) => ({
    code: `REQUEST_${issue.code.toUpperCase()}`,
    severity: 'error' as const,
    path: [where, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
    message: issue.message,
  }));
}

function parseWith<S extends z.ZodType>(schema: S | undefined, value: unknown, where: string): z.infer<S> {
  if (!schema) return value as z.infer<S>;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = fromZodToIssues(parsed.error, where);
  const first = issues[0];
  throw new ApiError(
    'VALIDATION_FAILED',
    `the request ${where} is not valid${first ? `: ${first.path.join('.')}: ${first.message}` : ''}`,
    issues,
  );
}

/**
 * Declares and registers a route.
 *
 * @example
 * defineRoute(app, { method: 'GET', url: '/v1/models/:id', summary: 'one model', tags: ['models'],
 *   params: z.object({ id: z.string() }), responses: { 200: { description: 'the model', schema: modelView } } },
 *   async ({ params }) => view(params.id));
 */
export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  app: FastifyInstance,
  spec: RouteSpec<P, Q, B>,
  handler: (input: RouteInput<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<unknown>,
): void {
  app.apiCatalog.push(spec as unknown as RouteSpec<z.ZodType, z.ZodType, z.ZodType>);
  app.route({
    method: spec.method,
    url: spec.url,
    config: {
      ...definedFields({ public: spec.public, roles: spec.roles }),
    },
    handler: async (request, reply) => {
      const params = parseWith(spec.params, request.params, 'params');
      const query = parseWith(spec.query, request.query, 'query');
      const body = parseWith(spec.body, request.body, 'body');
      return handler({ params, query, body, request, reply });
    },
  });
}
