/** Probes and metrics: `/healthz` (the process is up), `/readyz` (dependencies ready), `/metrics`. */
import type { FastifyInstance } from 'fastify';
import { VERSION } from '../../version.js';
import type { ServerDeps } from '../deps.js';
import { defineRoute } from '../route.js';
import { healthSchema, readinessSchema } from '../schemas.js';

export function registerHealthRoutes(app: FastifyInstance, deps: ServerDeps): void {
  defineRoute(
    app,
    {
      method: 'GET',
      url: '/healthz',
      summary: 'liveness: the process answers',
      tags: ['operations'],
      public: true,
      responses: { 200: { description: 'alive', schema: healthSchema } },
    },
    async () => ({ status: 'ok', version: VERSION }),
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/readyz',
      summary: 'readiness: the default model is loaded and every dependency answers',
      tags: ['operations'],
      public: true,
      responses: {
        200: { description: 'ready', schema: readinessSchema },
        503: { description: 'not ready', schema: readinessSchema },
      },
    },
    async ({ reply }) => {
      const checks = await Promise.all(
        deps.readiness.map(async (check) => {
          try {
            return await check();
          } catch (error) {
            return {
              name: 'check',
              ok: false,
              detail: error instanceof Error ? error.message : String(error),
            };
          }
        }),
      );
      const ok = checks.every((c) => c.ok);
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not-ready', checks });
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/metrics',
      summary: 'Prometheus metrics (text exposition format)',
      tags: ['operations'],
      public: true,
      responses: { 200: { description: 'metrics', contentType: 'text/plain; version=0.0.4' } },
    },
    async ({ reply }) => reply.type('text/plain; version=0.0.4; charset=utf-8').send(deps.metrics.render()),
  );
}
