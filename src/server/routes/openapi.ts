/** `GET /v1/openapi.json`: the document generated from every declared route (built once, on first request). */
import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from '../deps.js';
import { toOpenApi } from '../openapi.js';
import { sendCached, toCachedBody, type CachedBody } from '../cached.js';
import { defineRoute } from '../route.js';
import { jsonObjectSchema } from '../schemas.js';

export function registerOpenApiRoutes(app: FastifyInstance, _deps: ServerDeps): void {
  let cached: CachedBody | undefined;
  defineRoute(
    app,
    {
      method: 'GET',
      url: '/v1/openapi.json',
      summary: 'this API as an OpenAPI 3.1 document',
      tags: ['operations'],
      public: true,
      responses: { 200: { description: 'the OpenAPI document', schema: jsonObjectSchema } },
    },
    async ({ request, reply }) =>
      sendCached(
        request,
        reply,
        (cached ??= toCachedBody(`${JSON.stringify(toOpenApi(app.apiCatalog), null, 2)}\n`)),
      ),
  );
}
